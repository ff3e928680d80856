#include "api/refusal_audit.h"

namespace sanad::api {

RefusalAudit::RefusalAudit(store::Store& store, std::chrono::seconds interval, SteadyNow now,
                           size_t max_keys)
    : store_(store), interval_(interval), now_(std::move(now)), spells_(max_keys) {
  if (!now_) now_ = [] { return std::chrono::steady_clock::now(); };
}

void RefusalAudit::Record(const store::Actor& actor, std::string_view action,
                          std::string_view object_type, std::string_view object_id) {
  std::string object(object_id);
  {
    std::lock_guard lock(mutex_);
    const auto now = now_();
    std::string key = actor.address;
    key += '\n';
    key += action;
    auto [spell, inserted] = spells_.Touch(key);
    if (!inserted) {
      if (now - spell.written < interval_) {
        ++spell.folded;
        return;
      }
      if (spell.folded > 0) object += " (+" + std::to_string(spell.folded) + " refused)";
    }
    spell.written = now;
    spell.folded = 0;
  }
  (void)store_.Audit(actor, action, object_type, object, "denied");
}

}  // namespace sanad::api
