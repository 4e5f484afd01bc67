// tsan_suppressions.cpp — ThreadSanitizer's built-in suppressions for core_tests (linked only here).
// libstdc++ (not built with -fsanitize=thread) counts references to an exception object with atomics
// TSan cannot see. When a worker drops the last std::exception_ptr to an exception the main thread has
// just read (what() of a rethrown error), TSan reports the delete as racing with the read, although
// the reference count orders them. Only that library-internal release path is suppressed.
#if defined(__SANITIZE_THREAD__)
extern "C" const char* __tsan_default_suppressions() {
    return "race:std::__exception_ptr::exception_ptr::_M_release\n"
           "race:__gxx_exception_cleanup\n";
}
#endif
