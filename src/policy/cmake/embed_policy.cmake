# Writes OUTPUT, a C++ file defining ShippedPolicyText() and ShippedPolicyName()
# with the bytes of INPUT as an array (no raw-string length or delimiter limits).
file(READ ${INPUT} hex HEX)
string(LENGTH "${hex}" hex_length)
math(EXPR size "${hex_length} / 2")
string(REGEX REPLACE "([0-9a-f][0-9a-f])" "0x\\1," bytes "${hex}")
string(REGEX REPLACE "(0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,)" "\\1\n" bytes "${bytes}")
file(WRITE ${OUTPUT}.tmp
"// Generated from ${NAME} by embed_policy.cmake: do not edit.
#include \"policy/policy.h\"

namespace sanad::policy {
namespace {
constexpr unsigned char kText[] = {
${bytes}0};
}  // namespace

std::string_view ShippedPolicyText() { return {reinterpret_cast<const char*>(kText), ${size}}; }
std::string_view ShippedPolicyName() { return \"${NAME}\"; }

}  // namespace sanad::policy
")
file(COPY_FILE ${OUTPUT}.tmp ${OUTPUT} ONLY_IF_DIFFERENT)
file(REMOVE ${OUTPUT}.tmp)
