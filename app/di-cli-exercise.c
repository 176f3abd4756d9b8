/* di-cli-exercise.c — `docinspect exercise generate|render|score` */
#define G_LOG_DOMAIN "di-cli"

#include "config.h"

#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "di-app.h"
#include "di-cli-private.h"
#include "di-exercise.h"

/* "a,b,c" → bits via a name parser; FALSE naming the first unknown name */
static gboolean
parse_list (const char *text,
            gboolean  (*parse) (const char *name, guint *bit),
            guint      *out,
            char      **bad)
{
  g_auto (GStrv) names = g_strsplit (text, ",", -1);

  *out = 0;
  for (guint i = 0; names[i] != NULL; i++)
    {
      guint bit;

      g_strstrip (names[i]);
      if (names[i][0] == '\0')
        continue;
      if (!parse (names[i], &bit))
        {
          *bad = g_strdup (names[i]);
          return FALSE;
        }
      *out |= bit;
    }
  return *out != 0 || (*bad = g_strdup (text), FALSE);
}

static gboolean
parse_kind (const char *name,
            guint      *bit)
{
  DiDocKind kind;

  if (!di_doc_kind_from_string (name, &kind))
    return FALSE;
  *bit = 1u << kind;
  return TRUE;
}

static gboolean
parse_forgery (const char *name,
               guint      *bit)
{
  DiForgery forgery;
  g_autofree char *underscored = g_strdelimit (g_strdup (name), "-", '_');

  if (!di_forgery_from_string (underscored, &forgery))
    return FALSE;
  *bit = forgery;
  return TRUE;
}

static void
print_progress (guint    done,
                guint    total,
                gpointer user_data)
{
  fprintf (stderr, "\rdocinspect: generated %u of %u documents", done, total);
  if (done == total)
    fputc ('\n', stderr);
}

static gboolean
parse_capture (const char     *text,
               DiCaptureLevel *out)
{
  return text == NULL || di_capture_level_from_string (text, out);
}

static int
cmd_generate (int    argc,
              char **argv)
{
  DiExerciseOptions options;
  g_autofree char *out = NULL, *kinds = NULL, *forgeries = NULL, *capture = NULL, *date = NULL;
  g_autofree char *bad = NULL;
  gint64 seed = 1;
  int count = 20, dpi = 300, jobs = 0;
  double rate = 0.5, combination = 0.2;
  const GOptionEntry entries[] = {
    { "out", 0, 0, G_OPTION_ARG_FILENAME, &out, "Write the exercise into this new folder", "DIR" },
    { "count", 0, 0, G_OPTION_ARG_INT, &count, "Number of documents (20)", "N" },
    { "seed", 0, 0, G_OPTION_ARG_INT64, &seed, "Seed: the same seed and options give the same "
      "exercise (1)", "S" },
    { "forgery-rate", 0, 0, G_OPTION_ARG_DOUBLE, &rate, "Share of forged documents (0.5)", "R" },
    { "combination-rate", 0, 0, G_OPTION_ARG_DOUBLE, &combination,
      "Share of forged documents with two forgeries (0.2)", "R" },
    { "kinds", 0, 0, G_OPTION_ARG_STRING, &kinds,
      "Document kinds: passport,id,td2,mrva,mrvb (all)", "LIST" },
    { "forgeries", 0, 0, G_OPTION_ARG_STRING, &forgeries,
      "Forgeries to draw from: mrz-check-digit, mrz-recomputed, viz-altered, photo-substituted, "
      "counterfeit-paper, mrz-ir-ink, expired (all)", "LIST" },
    { "capture-effects", 0, 0, G_OPTION_ARG_STRING, &capture,
      "Reader effects: none, light, medium, heavy (none)", "LEVEL" },
    { "dpi", 0, 0, G_OPTION_ARG_INT, &dpi, "Resolution, 150–600 (300)", "N" },
    { "date", 0, 0, G_OPTION_ARG_STRING, &date, "Reference date (today)", "YYYY-MM-DD" },
    { "jobs", 0, 0, G_OPTION_ARG_INT, &jobs, "Worker threads (one per processor)", "N" },
    { NULL }
  };
  g_autoptr (GOptionContext) context = g_option_context_new ("- generate a forged-document "
                                                             "exercise");
  g_autoptr (GError) error = NULL;

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    return di_cli_fail ("exercise generate: %s", error->message);
  if (argc > 1)
    return di_cli_fail ("exercise generate: unexpected argument '%s'", argv[1]);

  di_exercise_options_init (&options);
  if (out == NULL)
    return di_cli_fail ("exercise generate: --out DIR is required");
  if (count < 1 || count > 100000)
    return di_cli_fail ("exercise generate: --count must be 1 to 100000");
  if (dpi < 150 || dpi > 600)
    return di_cli_fail ("exercise generate: --dpi must be 150 to 600");
  if (!(rate >= 0 && rate <= 1) || !(combination >= 0 && combination <= 1))
    return di_cli_fail ("exercise generate: rates are between 0 and 1");
  if (jobs < 0 || jobs > 64)
    return di_cli_fail ("exercise generate: --jobs must be 0 to 64");
  if (kinds != NULL && !parse_list (kinds, parse_kind, &options.kinds, &bad))
    return di_cli_fail ("exercise generate: unknown document kind '%s'", bad);
  if (forgeries != NULL && !parse_list (forgeries, parse_forgery, &options.forgeries, &bad))
    return di_cli_fail ("exercise generate: unknown forgery '%s'", bad);
  if (!parse_capture (capture, &options.capture))
    return di_cli_fail ("exercise generate: unknown capture-effects level '%s'", capture);
  if (date != NULL && !di_cli_parse_date (date, &options.today))
    return di_cli_fail ("exercise generate: --date wants a calendar date as YYYY-MM-DD");
  options.count = count;
  options.seed = (guint64) seed;
  options.forgery_rate = rate;
  options.combination_rate = combination;
  options.dpi = dpi;
  options.jobs = jobs;

  if (!di_exercise_generate (&options, out, isatty (STDERR_FILENO) ? print_progress : NULL,
                             NULL, &error))
    return di_cli_fail ("exercise generate: %s", error->message);
  return DI_EXIT_OK;
}

static int
cmd_render (int    argc,
            char **argv)
{
  g_autofree char *out = NULL, *kind_name = NULL, *forge = NULL, *capture = NULL, *date = NULL;
  g_autofree char *bad = NULL;
  gint64 seed = 1;
  int dpi = 300;
  gboolean layout = FALSE;
  const GOptionEntry entries[] = {
    { "out", 0, 0, G_OPTION_ARG_FILENAME, &out, "Write the scan set into this folder", "DIR" },
    { "kind", 0, 0, G_OPTION_ARG_STRING, &kind_name,
      "passport, id, td2, mrva or mrvb (passport)", "KIND" },
    { "seed", 0, 0, G_OPTION_ARG_INT64, &seed, "Seed (1)", "S" },
    { "forge", 0, 0, G_OPTION_ARG_STRING, &forge, "Forgeries to apply (none)", "LIST" },
    { "capture-effects", 0, 0, G_OPTION_ARG_STRING, &capture,
      "Reader effects: none, light, medium, heavy (none)", "LEVEL" },
    { "dpi", 0, 0, G_OPTION_ARG_INT, &dpi, "Resolution, 150–600 (300)", "N" },
    { "date", 0, 0, G_OPTION_ARG_STRING, &date, "Reference date (today)", "YYYY-MM-DD" },
    { "layout", 0, 0, G_OPTION_ARG_NONE, &layout,
      "Also write layout.ini, the kind's template description", NULL },
    { NULL }
  };
  g_autoptr (GOptionContext) context = g_option_context_new ("- render one specimen document");
  g_autoptr (GError) error = NULL;
  DiDocKind kind = DI_DOC_PASSPORT;
  DiCaptureLevel level = DI_CAPTURE_NONE;
  guint forgeries = 0;
  GDate today;

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    return di_cli_fail ("exercise render: %s", error->message);
  if (argc > 1)
    return di_cli_fail ("exercise render: unexpected argument '%s'", argv[1]);
  if (out == NULL)
    return di_cli_fail ("exercise render: --out DIR is required");
  if (kind_name != NULL && !di_doc_kind_from_string (kind_name, &kind))
    return di_cli_fail ("exercise render: unknown document kind '%s'", kind_name);
  if (forge != NULL && !parse_list (forge, parse_forgery, &forgeries, &bad))
    return di_cli_fail ("exercise render: unknown forgery '%s'", bad);
  if (!parse_capture (capture, &level))
    return di_cli_fail ("exercise render: unknown capture-effects level '%s'", capture);
  if (dpi < 150 || dpi > 600)
    return di_cli_fail ("exercise render: --dpi must be 150 to 600");
  g_date_clear (&today, 1);
  if (date == NULL)
    g_date_set_time_t (&today, time (NULL));
  else if (!di_cli_parse_date (date, &today))
    return di_cli_fail ("exercise render: --date wants a calendar date as YYYY-MM-DD");

  if (!di_exercise_render_one (kind, (guint64) seed, forgeries, level, dpi, &today, layout, out,
                               &error))
    return di_cli_fail ("exercise render: %s", error->message);
  return DI_EXIT_OK;
}

static int
cmd_score (int    argc,
           char **argv)
{
  g_autofree char *key = NULL, *answers = NULL;
  gboolean json = FALSE;
  const GOptionEntry entries[] = {
    { "key", 0, 0, G_OPTION_ARG_FILENAME, &key, "The exercise's answers.json", "FILE" },
    { "answers", 0, 0, G_OPTION_ARG_FILENAME, &answers, "The trainee's answers", "FILE" },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, "Print the report as JSON", NULL },
    { NULL }
  };
  g_autoptr (GOptionContext) context = g_option_context_new ("- score answers against a key");
  g_autoptr (GError) error = NULL;
  g_autoptr (JsonNode) report = NULL;

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    return di_cli_fail ("exercise score: %s", error->message);
  if (key == NULL || answers == NULL)
    return di_cli_fail ("exercise score: --key FILE and --answers FILE are required");
  report = di_exercise_score (key, answers, &error);
  if (report == NULL)
    return di_cli_fail ("exercise score: %s", error->message);
  if (json)
    di_cli_print_json (report);
  else
    {
      g_autofree char *text = di_exercise_score_text (report);

      g_print ("%s", text);
    }
  return DI_EXIT_OK;
}

/**
 * di_cli_exercise:
 * @argc: arguments after `docinspect`
 * @argv: `exercise` then the subcommand
 *
 * Returns: the exit status
 */
int
di_cli_exercise (int    argc,
                 char **argv)
{
  static const struct {
    const char *name;
    int       (*run) (int argc, char **argv);
  } subcommands[] = {
    { "generate", cmd_generate },
    { "render", cmd_render },
    { "score", cmd_score },
  };

  if (argc < 2)
    return di_cli_fail ("exercise: give generate, render or score");
  for (guint i = 0; i < G_N_ELEMENTS (subcommands); i++)
    if (g_str_equal (argv[1], subcommands[i].name))
      return subcommands[i].run (argc - 1, argv + 1);
  return di_cli_fail ("exercise: unknown subcommand '%s' (generate, render or score)", argv[1]);
}
