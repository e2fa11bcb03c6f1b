// FunctionRef: a non-owning reference to a callable, for callback parameters (the shape of C++26's
// std::function_ref and LLVM's function_ref).
//
// Every callback in the core is called during the call that receives it and never stored, so it
// needs no copy of the callable. std::function would instantiate, per lambda, a heap-capable
// wrapper with clone, destroy, target and target_type and a vtable; FunctionRef is one pointer to
// the callable and one to a small thunk, which keeps a hundred such instantiations out of the wasm
// module (size budget, issue 7). The callable must outlive the FunctionRef: pass lambdas directly
// as arguments, never keep a FunctionRef in a member.
#pragma once

#include <memory>
#include <type_traits>
#include <utility>

namespace tokvec {

template <class Signature>
class FunctionRef;

template <class R, class... Args>
class FunctionRef<R(Args...)> {
 public:
  template <class F, class = std::enable_if_t<!std::is_same_v<std::remove_cvref_t<F>, FunctionRef> &&
                                              std::is_invocable_r_v<R, F&, Args...>>>
  FunctionRef(F&& f)  // NOLINT(google-explicit-constructor): implicit, like std::function
      : callable_(const_cast<void*>(static_cast<const void*>(std::addressof(f)))),
        thunk_([](void* callable, Args... args) -> R {
          return (*static_cast<std::remove_reference_t<F>*>(callable))(std::forward<Args>(args)...);
        }) {}

  R operator()(Args... args) const { return thunk_(callable_, std::forward<Args>(args)...); }

 private:
  void* callable_;
  R (*thunk_)(void*, Args...);
};

}  // namespace tokvec
