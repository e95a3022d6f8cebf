#ifndef ROLECALL_LIBGIT2_SHIM_H
#define ROLECALL_LIBGIT2_SHIM_H
#include <git2.h>
/* The loose backend's write and freshen entry points, called directly (see ObjectDatabase.swift). */
#include <git2/sys/odb_backend.h>

/* git_libgit2_opts is variadic, which Swift cannot call: one inline wrapper per option we set. */

/* Makes libgit2 verify that every object a new tree or commit points to exists. */
static inline int rolecall_git_enable_strict_object_creation(void) {
    return git_libgit2_opts(GIT_OPT_ENABLE_STRICT_OBJECT_CREATION, 1);
}

#endif
