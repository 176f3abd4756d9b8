/* di-test-util.h — helpers the tests share: scratch folders, running docinspect, JSON */
#pragma once

#include <glib.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* What a run of a command left: its exit status, standard output and standard error. */
typedef struct {
  int   status;
  char *out;
  char *err;
} DiTestRun;

void          di_test_run_clear          (DiTestRun         *run);

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (DiTestRun, di_test_run_clear)

/* Removes @path and, if it is a folder, everything in it; symbolic links are removed, never
 * followed. */
void          di_test_remove_tree        (const char        *path);

/* Runs @argv (NULL-terminated, argv[0] a path), with @input (or nothing) on standard input
 * and, when @variable is not NULL, @variable set to @value in its environment. */
void          di_test_run                (DiTestRun         *run,
                                          const char *const *argv,
                                          const char        *variable,
                                          const char        *value,
                                          const char        *input);

/* A failure of docinspect: exit status 2, nothing on stdout, one line on stderr prefixed with
 * the program name. */
void          di_test_assert_one_error_line (const DiTestRun *run);

/* Runs the default main context for @ms, waiting for events rather than spinning */
void          di_test_run_main_loop_for  (guint              ms);

/* @text parsed as JSON, which must be an object. */
JsonObject   *di_test_parse_object       (const char        *text);

G_END_DECLS
