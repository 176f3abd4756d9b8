/* di-cli-private.h — helpers shared by the command files of `docinspect` */
#pragma once

#include <json-glib/json-glib.h>

#include "di-caselog.h"
#include "di-inspect.h"

G_BEGIN_DECLS

/* Prints "docinspect: MESSAGE" on stderr; returns DI_EXIT_ERROR. */
int           di_cli_fail                (const char  *format,
                                          ...) G_GNUC_PRINTF (1, 2);
/* Parses the options of the subcommand @command of @group ("cases", "templates"); FALSE
 * after printing the error line ("GROUP COMMAND: why"), *status then DI_EXIT_ERROR. */
gboolean      di_cli_parse_options       (const char          *group,
                                          const char          *command,
                                          const char          *parameters,
                                          const char          *summary,
                                          const GOptionEntry  *entries,
                                          int                 *argc,
                                          char              ***argv,
                                          int                 *status);
/* YYYY-MM-DD, a date of the calendar */
gboolean      di_cli_parse_date          (const char  *text,
                                          GDate       *out);
/* One JSON object on one line of stdout */
void          di_cli_print_json          (JsonNode    *node);

/* the commands, argv[0] being the command's name */
int           di_cli_exercise            (int          argc,
                                          char       **argv);
int           di_cli_templates           (int          argc,
                                          char       **argv);
int           di_cli_inspect             (int          argc,
                                          char       **argv);
int           di_cli_cases               (int          argc,
                                          char       **argv);

G_END_DECLS
