/* Edge coverage for afl-fuzz from GCC's -fsanitize-coverage=trace-pc, for
 * where AFL++'s GCC plugin cannot load (Debian 12: afl++ 4.04c-4's plugin was
 * built against gcc 12.2.0-14, and gcc 12.2.0-14+deb12u1 refuses it, "GCC and
 * plugin have incompatible versions"). GCC calls this at the start of every
 * basic block of instrumented code; it records the edge (previous block,
 * this block) in AFL++'s shared map exactly as afl's classic instrumentation
 * does. The map, the fork server and persistent mode are AFL++'s own
 * (afl-compiler-rt.o, linked beside this file). */
#include <stdint.h>

extern uint8_t* __afl_area_ptr; /* AFL++'s map: a dummy until the fork server starts */

enum { kMapMask = (1 << 16) - 1 }; /* MAP_SIZE of afl-compiler-rt */

static __thread uintptr_t previous_location;

__attribute__((no_sanitize_coverage)) void __sanitizer_cov_trace_pc(void) {
  const uintptr_t pc = (uintptr_t)__builtin_return_address(0);
  const uintptr_t location = (pc ^ (pc >> 12)) & kMapMask;
  __afl_area_ptr[location ^ previous_location]++;
  previous_location = location >> 1;
}
