/* di-cli-inspect.c — `docinspect inspect`: scan sets against their templates */
#define G_LOG_DOMAIN "di-cli"

#include "config.h"

#include <stdio.h>
#include <unistd.h>

#include "di-app.h"
#include "di-cli-private.h"
#include "di-inspect.h"
#include "di-scan-set.h"

/**
 * di_cli_inspect:
 * @argc: arguments after `docinspect`
 * @argv: `inspect` then its options and scan sets
 *
 * Returns: 0 when every document was accepted, 1 when one was referred to review or
 *   rejected, 2 when one could not be inspected
 */
int
di_cli_inspect (int    argc,
                char **argv)
{
  gboolean json = FALSE;
  g_autofree char *template = NULL, *templates = NULL, *policy = NULL, *crops = NULL;
  g_autofree char *date = NULL, *white = NULL, *uv = NULL, *ir = NULL;
  g_autofree char *log_path = NULL, *officer = NULL, *station = NULL, *decision = NULL;
  g_auto (GStrv) rest = NULL;
  const GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, "Print one JSON object per scan set", NULL },
    { "template", 0, 0, G_OPTION_ARG_FILENAME, &template,
      "Use this template (an id or a folder) instead of the one the MRZ names", "ID|DIR" },
    { "templates", 0, 0, G_OPTION_ARG_FILENAME, &templates, "Look for templates here", "DIR" },
    { "policy", 0, 0, G_OPTION_ARG_FILENAME, &policy, "The verdict policy", "FILE" },
    { "crops", 0, 0, G_OPTION_ARG_FILENAME, &crops,
      "Write the captured and reference regions of failed checks here", "DIR" },
    { "date", 0, 0, G_OPTION_ARG_STRING, &date, "The day of the inspection (today)",
      "YYYY-MM-DD" },
    { "white", 0, 0, G_OPTION_ARG_FILENAME, &white, "The white-light image", "FILE" },
    { "uv", 0, 0, G_OPTION_ARG_FILENAME, &uv, "The UV image", "FILE" },
    { "ir", 0, 0, G_OPTION_ARG_FILENAME, &ir, "The IR image", "FILE" },
    { "log", 0, 0, G_OPTION_ARG_FILENAME, &log_path,
      "Append each inspection to this case log (created if missing)", "DB" },
    { "officer", 0, 0, G_OPTION_ARG_STRING, &officer, "With --log: the officer (the OS user)",
      "ID" },
    { "station", 0, 0, G_OPTION_ARG_STRING, &station, "With --log: the station (the host name)",
      "ID" },
    { "decision", 0, 0, G_OPTION_ARG_STRING, &decision,
      "With --log: the officer's decision, accepted, refused or referred", "D" },
    { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &rest, NULL, "SCANDIR…" },
    { NULL }
  };
  g_autoptr (GOptionContext) context = g_option_context_new ("- inspect scan sets");
  g_autoptr (GError) error = NULL;
  g_autoptr (DiInspector) inspector = NULL;
  g_autoptr (DiCaseLog) log = NULL;
  gboolean progress = isatty (STDERR_FILENO);
  guint n_sets;
  int status = DI_EXIT_OK;
  GDate reference;

  g_option_context_add_main_entries (context, entries, NULL);
  g_option_context_set_summary (context,
                                "docinspect inspect [--json] [--template ID|DIR] [--log DB] "
                                "SCANDIR…\n"
                                "docinspect inspect [--json] [--template ID|DIR] --white F "
                                "[--uv F] [--ir F]");
  if (!g_option_context_parse (context, &argc, &argv, &error))
    return di_cli_fail ("inspect: %s", error->message);
  g_date_clear (&reference, 1);
  if (date != NULL && !di_cli_parse_date (date, &reference))
    return di_cli_fail ("inspect: --date wants a calendar date as YYYY-MM-DD");
  n_sets = rest != NULL ? g_strv_length (rest) : 0;
  if ((white != NULL) == (n_sets > 0))
    return di_cli_fail ("inspect: give scan set folders, or --white FILE (with --uv, --ir)");
  if (white == NULL && (uv != NULL || ir != NULL))
    return di_cli_fail ("inspect: --uv and --ir go with --white");

  if ((officer != NULL || station != NULL || decision != NULL) && log_path == NULL)
    return di_cli_fail ("inspect: --officer, --station and --decision go with --log DB");
  if (decision != NULL && !di_caselog_decision_is_valid (decision))
    return di_cli_fail ("inspect: --decision is accepted, refused or referred");
  if (log_path != NULL && (log = di_caselog_open (log_path, &error)) == NULL)
    return di_cli_fail ("inspect: %s", error->message);

  inspector = di_inspector_new (templates, policy, &error);
  if (inspector == NULL)
    return di_cli_fail ("inspect: %s", error->message);

  for (guint i = 0; i < MAX (n_sets, 1); i++)
    {
      DiInspectRequest request = { NULL };
      char *found[DI_N_LIGHTS] = { NULL };
      g_autoptr (DiInspection) inspection = NULL;
      g_autoptr (JsonNode) report = NULL;
      gint64 case_id = 0;

      request.template = template;
      /* with --log, crops go to a private folder of the log, which stores them */
      request.crops_dir = crops != NULL || log == NULL ? crops : di_caselog_get_crops_dir (log);
      request.reference = reference;
      if (white != NULL)
        {
          request.name = white;
          request.images[DI_LIGHT_WHITE] = white;
          request.images[DI_LIGHT_UV] = uv;
          request.images[DI_LIGHT_IR] = ir;
        }
      else
        {
          request.name = rest[i];
          if (!di_scan_set_find (rest[i], found, &error))
            {
              di_cli_fail ("inspect: %s", error->message);
              g_clear_error (&error);
              status = DI_EXIT_ERROR;
              continue;
            }
          for (DiLight l = 0; l < DI_N_LIGHTS; l++)
            request.images[l] = found[l];
        }
      if (progress && n_sets > 1)
        fprintf (stderr, "\rdocinspect: inspecting %u of %u", i + 1, n_sets);
      inspection = di_inspector_inspect (inspector, &request, &error);
      if (inspection != NULL)
        report = di_report_inspection_json (inspection);
      if (report != NULL && log != NULL)
        case_id = di_caselog_append_report (log, report, request.images, station, officer,
                                            decision, &error);
      for (DiLight l = 0; l < DI_N_LIGHTS; l++)
        g_free (found[l]);
      if (inspection == NULL)
        {
          if (progress && n_sets > 1)
            fputc ('\n', stderr);
          di_cli_fail ("inspect: %s: %s", request.name, error->message);
          g_clear_error (&error);
          status = DI_EXIT_ERROR;
          continue;
        }
      if (log != NULL && case_id == 0)
        {
          di_cli_fail ("inspect: %s: not logged: %s", request.name, error->message);
          g_clear_error (&error);
          status = DI_EXIT_ERROR;
          continue;
        }
      if (json)
        {
          /* the case id after the case: it is no part of the report the log holds */
          if (case_id > 0)
            json_object_set_int_member (json_node_get_object (report), "case_id", case_id);
          di_cli_print_json (report);
        }
      else
        {
          g_autofree char *text = di_report_inspection_text (inspection);

          g_print ("%s%s", i > 0 ? "\n" : "", text);
          if (case_id > 0)
            g_print ("Logged as case %" G_GINT64_FORMAT ".\n", case_id);
        }
      if (status == DI_EXIT_OK && di_inspection_get_verdict (inspection) != DI_VERDICT_ACCEPT)
        status = DI_EXIT_FLAGGED;
    }
  if (progress && n_sets > 1)
    fprintf (stderr, "\rdocinspect: inspected %u scan sets      \n", n_sets);
  return status;
}
