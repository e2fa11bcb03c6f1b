#include "bindings/guarded.h"

namespace {

EM_JS(void, js_throw_tokvec_error, (const char* code, const char* message), {
  throw new Module.TokvecError(UTF8ToString(code), UTF8ToString(message));
});

}  // namespace

namespace tokvec::binding {

void throw_tokvec_error(const char* code, const char* message) {
  js_throw_tokvec_error(code, message);
  __builtin_unreachable();
}

}  // namespace tokvec::binding
