/* di-cli-cases.c — `docinspect cases list|show|decide|review|export|verify|stats|purge|settings`
 *
 * The log is --log DB, else $DOCINSPECT_LOG. Exit status as for every command: 0 ran and
 * passed, 1 ran and flagged (`verify` found tampering), 2 could not run (bad usage, no such
 * log or case, a refusal: not a supervisor, four eyes), with one line on stderr.
 */
#define G_LOG_DOMAIN "di-cli"

#include "config.h"

#include <stdio.h>
#include <string.h>

#include "di-app.h"
#include "di-caselog.h"
#include "di-caselog-private.h"
#include "di-cli-private.h"

#define LOG_ENV "DOCINSPECT_LOG"

#define fail(...) di_cli_fail ("cases " __VA_ARGS__)
#define parse_options(...) di_cli_parse_options ("cases", __VA_ARGS__)

typedef struct {
  char    *log;
  char    *from;
  char    *to;
  char    *verdict;
  char    *officer;
  char    *station;
  char    *decision;
  char    *review_state;
  gboolean flagged;
  int      limit;
  gboolean newest_first;
  gboolean json;
  /* derived */
  char    *since;
  char    *until;
} Options;

static void
options_clear (Options *o)
{
  g_free (o->log);
  g_free (o->from);
  g_free (o->to);
  g_free (o->verdict);
  g_free (o->officer);
  g_free (o->station);
  g_free (o->decision);
  g_free (o->review_state);
  g_free (o->since);
  g_free (o->until);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Options, options_clear)

#define LOG_ENTRY(o) \
  { "log", 0, 0, G_OPTION_ARG_FILENAME, &(o).log, "The case log (default $" LOG_ENV ")", "DB" }
#define JSON_ENTRY(o) \
  { "json", 0, 0, G_OPTION_ARG_NONE, &(o).json, "Print one JSON object", NULL }
#define FILTER_ENTRIES(o) \
  { "from", 0, 0, G_OPTION_ARG_STRING, &(o).from, "Cases created on or after this day (UTC)", \
    "YYYY-MM-DD" }, \
  { "to", 0, 0, G_OPTION_ARG_STRING, &(o).to, "Cases created on or before this day (UTC)", \
    "YYYY-MM-DD" }, \
  { "verdict", 0, 0, G_OPTION_ARG_STRING, &(o).verdict, "accept, review or reject", "V" }, \
  { "officer", 0, 0, G_OPTION_ARG_STRING, &(o).officer, "Cases logged by this officer", "ID" }, \
  { "station", 0, 0, G_OPTION_ARG_STRING, &(o).station, "Cases logged at this station", "ID" }, \
  { "decision", 0, 0, G_OPTION_ARG_STRING, &(o).decision, "accepted, refused or referred", \
    "D" }, \
  { "review-state", 0, 0, G_OPTION_ARG_STRING, &(o).review_state, \
    "unreviewed, reviewed, confirmed-fraud, false-alarm or needs-follow-up", "S" }, \
  { "flagged", 0, 0, G_OPTION_ARG_NONE, &(o).flagged, "Only cases the inspection flagged " \
    "(review or reject)", NULL }

/* The filter options, checked; the period turned into [since, until). */
static gboolean
check_filter (const char *command,
              Options    *o,
              int        *status)
{
  static const char *const verdicts[] = { "accept", "review", "reject", NULL };
  static const char *const states[] = { "unreviewed", "reviewed", "confirmed-fraud",
                                        "false-alarm", "needs-follow-up", NULL };

  if (o->from != NULL && (o->since = di_case_filter_day (o->from, FALSE)) == NULL)
    return *status = fail ("%s: --from wants a day as YYYY-MM-DD", command), FALSE;
  if (o->to != NULL && (o->until = di_case_filter_day (o->to, TRUE)) == NULL)
    return *status = fail ("%s: --to wants a day as YYYY-MM-DD", command), FALSE;
  if (o->verdict != NULL && !g_strv_contains (verdicts, o->verdict))
    return *status = fail ("%s: --verdict is accept, review or reject", command), FALSE;
  if (o->decision != NULL && !di_caselog_decision_is_valid (o->decision))
    return *status = fail ("%s: --decision is accepted, refused or referred", command), FALSE;
  if (o->review_state != NULL && !g_strv_contains (states, o->review_state))
    return *status = fail ("%s: --review-state is unreviewed, reviewed, confirmed-fraud, "
                           "false-alarm or needs-follow-up", command), FALSE;
  if (o->limit < 0)
    return *status = fail ("%s: --limit must be 0 (all) or more", command), FALSE;
  return TRUE;
}

static void
fill_filter (const Options *o,
             DiCaseFilter  *filter)
{
  memset (filter, 0, sizeof *filter);
  filter->since = o->since;
  filter->until = o->until;
  filter->verdict = o->verdict;
  filter->officer = o->officer;
  filter->station = o->station;
  filter->decision = o->decision;
  filter->review_state = o->review_state;
  filter->flagged = o->flagged;
  filter->limit = o->limit;
  filter->newest_first = o->newest_first;
}

/* Opens an existing log (only `inspect --log` creates one). */
static DiCaseLog *
open_log (const char *command,
          Options    *o,
          int        *status)
{
  g_autoptr (GError) error = NULL;
  const char *path = o->log != NULL ? o->log : g_getenv (LOG_ENV);
  DiCaseLog *log;

  if (path == NULL || *path == '\0')
    {
      *status = fail ("%s: give the case log with --log DB (or $" LOG_ENV ")", command);
      return NULL;
    }
  if (!g_file_test (path, G_FILE_TEST_IS_REGULAR))
    {
      *status = fail ("%s: there is no case log at %s", command, path);
      return NULL;
    }
  log = di_caselog_open (path, &error);
  if (log == NULL)
    *status = fail ("%s: %s", command, error->message);
  return log;
}

static gboolean
parse_case_id (const char *command,
               char      **rest,
               gint64     *id,
               int        *status)
{
  char *end;

  if (rest == NULL || rest[0] == NULL)
    return *status = fail ("%s: give a case id", command), FALSE;
  if (rest[1] != NULL)
    return *status = fail ("%s: give one case id, not '%s' too", command, rest[1]), FALSE;
  *id = g_ascii_strtoll (rest[0], &end, 10);
  if (*end != '\0' || *id <= 0)
    return *status = fail ("%s: '%s' is not a case id", command, rest[0]), FALSE;
  return TRUE;
}

static gboolean
no_arguments (const char *command,
              char      **rest,
              int        *status)
{
  if (rest != NULL && rest[0] != NULL)
    return *status = fail ("%s: unexpected argument '%s'", command, rest[0]), FALSE;
  return TRUE;
}

/* --- JSON -------------------------------------------------------------------------------- */

static void
add_summary (JsonBuilder         *b,
             const DiCaseSummary *s)
{
  di_caselog_add_summary (b, s);
  json_builder_set_member_name (b, "purged");
  json_builder_add_boolean_value (b, s->purged_at != NULL);
  di_json_add_string (b, "purged_at", s->purged_at);
}

static JsonNode *
parse_json (const char *text)
{
  g_autoptr (JsonParser) parser = json_parser_new ();

  if (text == NULL || !json_parser_load_from_data (parser, text, -1, NULL) ||
      json_parser_get_root (parser) == NULL)
    return NULL;
  return json_node_copy (json_parser_get_root (parser));
}

/* --- list -------------------------------------------------------------------------------- */

typedef struct {
  gboolean json;
  guint    n;
  GString *line;
} ListState;

static void
list_one (const DiCaseSummary *s,
          gpointer             user_data)
{
  ListState *state = user_data;

  if (state->json)
    {
      g_autoptr (JsonBuilder) b = json_builder_new ();
      g_autoptr (JsonNode) node = NULL;
      g_autofree char *text = NULL;

      json_builder_begin_object (b);
      add_summary (b, s);
      json_builder_end_object (b);
      node = json_builder_get_root (b);
      text = json_to_string (node, FALSE);
      fputs (state->n > 0 ? "," : "", stdout);
      fputs (text, stdout);
    }
  else
    {
      g_string_printf (state->line, "%" G_GINT64_FORMAT "\t%.19s\t%s\t%s\t%s\t%s\t%s\t%s\n",
                       s->id, s->created_at, s->station, s->officer, s->verdict,
                       s->decision != NULL ? s->decision : "-",
                       s->purged_at != NULL && s->disposition == NULL ? "purged"
                       : s->disposition != NULL ? s->disposition : "unreviewed",
                       s->failed_checks != NULL && *s->failed_checks != '\0' ? s->failed_checks
                                                                              : "-");
      fputs (state->line->str, stdout);
    }
  state->n++;
}

static int
cmd_list (int    argc,
          char **argv)
{
  g_auto (Options) o = { 0 };
  g_auto (GStrv) rest = NULL;
  const GOptionEntry entries[] = {
    LOG_ENTRY (o),
    FILTER_ENTRIES (o),
    { "limit", 0, 0, G_OPTION_ARG_INT, &o.limit, "At most N cases (0: all)", "N" },
    { "newest-first", 0, 0, G_OPTION_ARG_NONE, &o.newest_first, "Newest cases first", NULL },
    JSON_ENTRY (o),
    { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &rest, NULL, NULL },
    { NULL }
  };
  g_autoptr (DiCaseLog) log = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (GString) line = g_string_new (NULL);
  ListState state = { FALSE, 0, line };
  DiCaseFilter filter;
  int status = DI_EXIT_OK;

  if (!parse_options ("list", "- list the cases of a case log",
                      "One line per case, tab-separated: id, time created (UTC), station, "
                      "officer, verdict, decision, review, failed checks.\nNothing personal "
                      "(names, numbers, dates of birth) is listed: see docinspect cases show.",
                      entries, &argc, &argv, &status) ||
      !no_arguments ("list", rest, &status) || !check_filter ("list", &o, &status))
    return status;
  log = open_log ("list", &o, &status);
  if (log == NULL)
    return status;
  fill_filter (&o, &filter);
  state.json = o.json;
  if (o.json)
    fputs ("{\"cases\":[", stdout);
  if (!di_caselog_list (log, &filter, list_one, &state, &error))
    {
      if (o.json)
        fputs ("]}\n", stdout);
      return fail ("list: %s", error->message);
    }
  if (o.json)
    printf ("],\"count\":%u}\n", state.n);
  return DI_EXIT_OK;
}

/* --- show -------------------------------------------------------------------------------- */

static void
print_report (JsonObject *report)
{
  JsonArray *reasons = json_object_get_array_member (report, "reasons");
  JsonNode *mrz_node = json_object_get_member (report, "mrz");
  JsonArray *checks = json_object_get_array_member (report, "checks");
  static const char *const fields[] = {
    "document_code", "issuing_state", "surname", "given_names", "document_number",
    "nationality", "birth_date", "sex", "expiry_date", NULL
  };

  g_print ("\nReport of the scan set %s\n",
           json_object_get_string_member_with_default (report, "scan_set", "?"));
  for (guint i = 0; reasons != NULL && i < json_array_get_length (reasons); i++)
    g_print ("  - %s\n", json_array_get_string_element (reasons, i));
  if (mrz_node != NULL && JSON_NODE_HOLDS_OBJECT (mrz_node))
    {
      JsonObject *mrz = json_node_get_object (mrz_node);
      JsonNode *fields_node = json_object_get_member (mrz, "fields");

      g_print ("MRZ: %s, %s\n", json_object_get_string_member_with_default (mrz, "format", "?"),
               json_object_get_boolean_member_with_default (mrz, "valid", FALSE) ? "valid"
                                                                                  : "invalid");
      if (fields_node != NULL && JSON_NODE_HOLDS_OBJECT (fields_node))
        for (guint i = 0; fields[i] != NULL; i++)
          {
            JsonObject *f = json_node_get_object (fields_node);

            g_print ("  %-16s %s\n", fields[i],
                     json_object_get_string_member_with_default (f, fields[i], ""));
          }
    }
  g_print ("Checks:\n");
  for (guint i = 0; checks != NULL && i < json_array_get_length (checks); i++)
    {
      JsonObject *c = json_array_get_object_element (checks, i);
      const char *status = json_object_get_string_member_with_default (c, "status", "?");
      gboolean critical = json_object_get_boolean_member_with_default (c, "critical", FALSE);

      g_print ("  %-9s %-34s %s\n",
               g_str_equal (status, "pass") ? "pass"
               : g_str_equal (status, "fail") ? (critical ? "FAIL" : "fail")
               : "not done",
               json_object_get_string_member_with_default (c, "id", "?"),
               json_object_get_string_member_with_default (c, "sentence", ""));
    }
}

static void
print_record (const DiCaseRecord *r)
{
  const DiCaseSummary *s = &r->summary;
  g_autoptr (JsonNode) report = parse_json (r->report);

  g_print ("Case %" G_GINT64_FORMAT " (%s)\n", s->id, s->uid);
  g_print ("Created      %s at station %s by officer %s\n", s->created_at, s->station,
           s->officer);
  g_print ("Verdict      %s (template %s)\n", s->verdict,
           s->template_id != NULL ? s->template_id : "none");
  g_print ("Failed       %s\n", *s->failed_checks != '\0' ? s->failed_checks : "none");
  if (s->decision != NULL)
    g_print ("Decision     %s by %s at %s\n", s->decision, s->decided_by, s->decided_at);
  else
    g_print ("Decision     none\n");
  if (s->disposition != NULL)
    g_print ("Review       %s by %s at %s\n", s->disposition, s->reviewed_by, s->reviewed_at);
  else
    g_print ("Review       not reviewed\n");
  if (s->purged_at != NULL)
    g_print ("Purged       %s: report, notes and images removed\n", s->purged_at);

  if (r->images->len > 0)
    g_print ("\nImages\n");
  for (guint i = 0; i < r->images->len; i++)
    {
      const DiCaseImage *image = r->images->pdata[i];

      g_print ("  %-36s %" G_GINT64_FORMAT " bytes  %s\n", image->role, image->bytes,
               image->path);
    }
  g_print ("\nEvents\n");
  for (guint i = 0; i < r->events->len; i++)
    {
      const DiCaseEvent *e = r->events->pdata[i];

      g_print ("  %-6" G_GINT64_FORMAT " %-9s %s  %-12s %.16s  %s\n", e->id, e->kind, e->at,
               e->actor, e->hash, e->data);
      if (e->note != NULL)
        g_print ("         note: %s\n", e->note);
    }
  if (report != NULL && JSON_NODE_HOLDS_OBJECT (report))
    print_report (json_node_get_object (report));
}

static JsonNode *
record_json (const DiCaseRecord *r)
{
  g_autoptr (JsonBuilder) b = json_builder_new ();

  json_builder_begin_object (b);
  add_summary (b, &r->summary);
  json_builder_set_member_name (b, "report");
  if (r->report != NULL)
    json_builder_add_value (b, parse_json (r->report));
  else
    json_builder_add_null_value (b);
  json_builder_set_member_name (b, "images");
  json_builder_begin_array (b);
  for (guint i = 0; i < r->images->len; i++)
    {
      const DiCaseImage *image = r->images->pdata[i];

      json_builder_begin_object (b);
      di_json_add_string (b, "role", image->role);
      di_json_add_string (b, "sha256", image->sha256);
      json_builder_set_member_name (b, "bytes");
      json_builder_add_int_value (b, image->bytes);
      di_json_add_string (b, "path", image->path);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  json_builder_set_member_name (b, "events");
  json_builder_begin_array (b);
  for (guint i = 0; i < r->events->len; i++)
    {
      const DiCaseEvent *e = r->events->pdata[i];

      json_builder_begin_object (b);
      json_builder_set_member_name (b, "id");
      json_builder_add_int_value (b, e->id);
      di_json_add_string (b, "kind", e->kind);
      di_json_add_string (b, "at", e->at);
      di_json_add_string (b, "actor", e->actor);
      di_json_add_string (b, "station", e->station);
      json_builder_set_member_name (b, "data");
      json_builder_add_value (b, parse_json (e->data));
      di_json_add_string (b, "note", e->note);
      di_json_add_string (b, "prev_hash", e->prev_hash);
      di_json_add_string (b, "hash", e->hash);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  json_builder_end_object (b);
  return json_builder_get_root (b);
}

static int
cmd_show (int    argc,
          char **argv)
{
  g_auto (Options) o = { 0 };
  g_auto (GStrv) rest = NULL;
  const GOptionEntry entries[] = {
    LOG_ENTRY (o),
    JSON_ENTRY (o),
    { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &rest, NULL, "ID" },
    { NULL }
  };
  g_autoptr (DiCaseLog) log = NULL;
  g_autoptr (DiCaseRecord) record = NULL;
  g_autoptr (GError) error = NULL;
  int status = DI_EXIT_OK;
  gint64 id;

  if (!parse_options ("show", "- show a case", "The case, its images, its events (with their "
                      "hashes) and its report with the check results.", entries, &argc, &argv,
                      &status) ||
      !parse_case_id ("show", rest, &id, &status))
    return status;
  log = open_log ("show", &o, &status);
  if (log == NULL)
    return status;
  record = di_caselog_get_case (log, id, &error);
  if (record == NULL)
    return fail ("show: %s", error->message);
  if (o.json)
    {
      g_autoptr (JsonNode) node = record_json (record);

      di_cli_print_json (node);
    }
  else
    print_record (record);
  return DI_EXIT_OK;
}

/* --- decide, review ---------------------------------------------------------------------- */

static int
cmd_decide (int    argc,
            char **argv)
{
  g_auto (Options) o = { 0 };
  g_auto (GStrv) rest = NULL;
  g_autofree char *decision = NULL, *officer = NULL, *note = NULL;
  const GOptionEntry entries[] = {
    LOG_ENTRY (o),
    { "decision", 0, 0, G_OPTION_ARG_STRING, &decision, "accepted, refused or referred", "D" },
    { "officer", 0, 0, G_OPTION_ARG_STRING, &officer, "The officer's id (the OS user)", "ID" },
    { "note", 0, 0, G_OPTION_ARG_STRING, &note, "Why (removed by a purge)", "TEXT" },
    { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &rest, NULL, "ID" },
    { NULL }
  };
  g_autoptr (DiCaseLog) log = NULL;
  g_autoptr (GError) error = NULL;
  int status = DI_EXIT_OK;
  gint64 id;

  if (!parse_options ("decide", "- record the officer's decision on a case",
                      "The latest decision counts; every one stays in the log.", entries,
                      &argc, &argv, &status) ||
      !parse_case_id ("decide", rest, &id, &status))
    return status;
  if (!di_caselog_decision_is_valid (decision))
    return fail ("decide: --decision is accepted, refused or referred");
  log = open_log ("decide", &o, &status);
  if (log == NULL)
    return status;
  if (!di_caselog_decide (log, id, decision, officer, note, &error))
    return fail ("decide: %s", error->message);
  g_print ("Case %" G_GINT64_FORMAT ": decision %s recorded.\n", id, decision);
  return DI_EXIT_OK;
}

static int
cmd_review (int    argc,
            char **argv)
{
  g_auto (Options) o = { 0 };
  g_auto (GStrv) rest = NULL;
  g_autofree char *disposition = NULL, *note = NULL;
  const GOptionEntry entries[] = {
    LOG_ENTRY (o),
    { "disposition", 0, 0, G_OPTION_ARG_STRING, &disposition,
      "confirmed-fraud, false-alarm or needs-follow-up", "D" },
    { "note", 0, 0, G_OPTION_ARG_STRING, &note,
      "Why (required when the review contradicts the automatic verdict)", "TEXT" },
    { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &rest, NULL, "ID" },
    { NULL }
  };
  g_autoptr (DiCaseLog) log = NULL;
  g_autoptr (GError) error = NULL;
  int status = DI_EXIT_OK;
  gint64 id;

  if (!parse_options ("review", "- review a case (supervisors)",
                      "The reviewer is the OS user, who must be in the log's supervisor group "
                      "and must not have logged or decided the case (four eyes). Refusals "
                      "exit with status 2 and are logged.", entries, &argc, &argv, &status) ||
      !parse_case_id ("review", rest, &id, &status))
    return status;
  if (!di_caselog_disposition_is_valid (disposition))
    return fail ("review: --disposition is confirmed-fraud, false-alarm or needs-follow-up");
  log = open_log ("review", &o, &status);
  if (log == NULL)
    return status;
  if (!di_caselog_review (log, id, disposition, note, &error))
    return fail ("review: %s", error->message);
  g_print ("Case %" G_GINT64_FORMAT ": review %s recorded.\n", id, disposition);
  return DI_EXIT_OK;
}

/* --- export ------------------------------------------------------------------------------ */

static int
cmd_export (int    argc,
            char **argv)
{
  g_auto (Options) o = { 0 };
  g_auto (GStrv) rest = NULL;
  g_autofree char *format = NULL, *out = NULL;
  const GOptionEntry entries[] = {
    LOG_ENTRY (o),
    { "format", 0, 0, G_OPTION_ARG_STRING, &format, "csv, json (a selection) or pdf (one case)",
      "F" },
    { "out", 0, 0, G_OPTION_ARG_FILENAME, &out, "Write here (0600; standard output for csv "
      "and json)", "FILE" },
    FILTER_ENTRIES (o),
    { "limit", 0, 0, G_OPTION_ARG_INT, &o.limit, "At most N cases (0: all)", "N" },
    { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &rest, NULL, "[ID]" },
    { NULL }
  };
  g_autoptr (DiCaseLog) log = NULL;
  g_autoptr (GError) error = NULL;
  DiCaseFilter filter;
  int status = DI_EXIT_OK;
  guint n = 0;

  if (!parse_options ("export", "- export cases (supervisors)",
                      "docinspect cases export --format csv|json [--out FILE] [FILTERS]\n"
                      "docinspect cases export --format pdf --out FILE ID\n\n"
                      "Exports hold personal data: files are created 0600. Every export is "
                      "logged with the ids of the cases.", entries, &argc, &argv, &status))
    return status;
  if (format == NULL)
    return fail ("export: give --format csv, json or pdf");
  if (g_str_equal (format, "pdf"))
    {
      gint64 id;

      if (!parse_case_id ("export", rest, &id, &status))
        return status;
      if (out == NULL)
        return fail ("export: a PDF needs --out FILE");
      log = open_log ("export", &o, &status);
      if (log == NULL)
        return status;
      if (!di_caselog_export_pdf (log, id, out, &error))
        return fail ("export: %s", error->message);
      g_printerr ("docinspect: case %" G_GINT64_FORMAT " exported to %s\n", id, out);
      return DI_EXIT_OK;
    }
  if (!g_str_equal (format, "csv") && !g_str_equal (format, "json"))
    return fail ("export: --format is csv, json or pdf");
  if (!no_arguments ("export", rest, &status) || !check_filter ("export", &o, &status))
    return status;
  log = open_log ("export", &o, &status);
  if (log == NULL)
    return status;
  fill_filter (&o, &filter);
  if (!di_caselog_export (log, &filter,
                          g_str_equal (format, "csv") ? DI_CASE_EXPORT_CSV : DI_CASE_EXPORT_JSON,
                          out, &n, &error))
    return fail ("export: %s", error->message);
  if (out != NULL)
    g_printerr ("docinspect: %u cases exported to %s\n", n, out);
  return DI_EXIT_OK;
}

/* --- verify ------------------------------------------------------------------------------ */

static int
cmd_verify (int    argc,
            char **argv)
{
  g_auto (Options) o = { 0 };
  g_auto (GStrv) rest = NULL;
  const GOptionEntry entries[] = {
    LOG_ENTRY (o),
    JSON_ENTRY (o),
    { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &rest, NULL, NULL },
    { NULL }
  };
  g_autoptr (DiCaseLog) log = NULL;
  g_autoptr (GError) error = NULL;
  g_auto (DiCaseVerifyResult) result = { 0 };
  int status = DI_EXIT_OK;

  if (!parse_options ("verify", "- check the case log for tampering",
                      "Recomputes the hash chain of the events, the digests of reports and "
                      "notes, the case columns and the SHA-256 of every stored image; names "
                      "the first broken link.\nExit status: 0 intact, 1 tampered with, 2 could "
                      "not run.", entries, &argc, &argv, &status) ||
      !no_arguments ("verify", rest, &status))
    return status;
  log = open_log ("verify", &o, &status);
  if (log == NULL)
    return status;
  if (!di_caselog_verify (log, &result, &error))
    return fail ("verify: %s", error->message);

  if (o.json)
    {
      g_autoptr (JsonBuilder) b = json_builder_new ();
      g_autoptr (JsonNode) node = NULL;

      json_builder_begin_object (b);
      json_builder_set_member_name (b, "intact");
      json_builder_add_boolean_value (b, result.intact);
      json_builder_set_member_name (b, "events");
      json_builder_add_int_value (b, result.n_events);
      json_builder_set_member_name (b, "cases");
      json_builder_add_int_value (b, result.n_cases);
      json_builder_set_member_name (b, "images");
      json_builder_add_int_value (b, result.n_images);
      di_json_add_string (b, "head", result.intact ? result.head_hash : NULL);
      json_builder_set_member_name (b, "problem");
      if (result.intact)
        json_builder_add_null_value (b);
      else
        {
          json_builder_begin_object (b);
          di_json_add_string (b, "message", result.problem);
          json_builder_set_member_name (b, "event_id");
          if (result.event_id > 0)
            json_builder_add_int_value (b, result.event_id);
          else
            json_builder_add_null_value (b);
          json_builder_set_member_name (b, "case_id");
          if (result.case_id > 0)
            json_builder_add_int_value (b, result.case_id);
          else
            json_builder_add_null_value (b);
          di_json_add_string (b, "image", result.image);
          json_builder_end_object (b);
        }
      json_builder_end_object (b);
      node = json_builder_get_root (b);
      di_cli_print_json (node);
    }
  else if (result.intact)
    g_print ("intact: %" G_GUINT64_FORMAT " events, %" G_GUINT64_FORMAT " cases, %"
             G_GUINT64_FORMAT " image files; head %s\n", result.n_events, result.n_cases,
             result.n_images, result.head_hash != NULL ? result.head_hash : "(empty)");
  else
    g_print ("TAMPERED: %s\n", result.problem);
  return result.intact ? DI_EXIT_OK : DI_EXIT_FLAGGED;
}

/* --- stats ------------------------------------------------------------------------------- */

static void
print_stats (JsonObject *stats)
{
  JsonArray *days = json_object_get_array_member (stats, "per_day");
  JsonArray *checks = json_object_get_array_member (stats, "per_check");

  g_print ("cases %" G_GINT64_FORMAT ", flagged %" G_GINT64_FORMAT ", reviewed %" G_GINT64_FORMAT
           " (confirmed fraud %" G_GINT64_FORMAT ", false alarm %" G_GINT64_FORMAT
           ", needs follow-up %" G_GINT64_FORMAT ")\n",
           json_object_get_int_member (stats, "cases"),
           json_object_get_int_member (stats, "flagged"),
           json_object_get_int_member (stats, "reviewed"),
           json_object_get_int_member (stats, "confirmed_fraud"),
           json_object_get_int_member (stats, "false_alarms"),
           json_object_get_int_member (stats, "needs_follow_up"));
  g_print ("\nper day (UTC)   cases  flagged  reviewed  false alarms\n");
  for (guint i = 0; i < json_array_get_length (days); i++)
    {
      JsonObject *d = json_array_get_object_element (days, i);

      g_print ("%-14s %6" G_GINT64_FORMAT " %8" G_GINT64_FORMAT " %9" G_GINT64_FORMAT " %13"
               G_GINT64_FORMAT "\n", json_object_get_string_member (d, "day"),
               json_object_get_int_member (d, "cases"), json_object_get_int_member (d, "flagged"),
               json_object_get_int_member (d, "reviewed"),
               json_object_get_int_member (d, "false_alarms"));
    }
  g_print ("\nper check (failed in)             cases  reviewed  false alarms  false-alarm rate\n");
  for (guint i = 0; i < json_array_get_length (checks); i++)
    {
      JsonObject *c = json_array_get_object_element (checks, i);
      JsonNode *rate = json_object_get_member (c, "false_alarm_rate");
      g_autofree char *rate_text = JSON_NODE_HOLDS_NULL (rate)
                                     ? g_strdup ("-")
                                     : g_strdup_printf ("%.1f %%",
                                                        100 * json_node_get_double (rate));

      g_print ("%-34s %5" G_GINT64_FORMAT " %9" G_GINT64_FORMAT " %13" G_GINT64_FORMAT " %17s\n",
               json_object_get_string_member (c, "check"), json_object_get_int_member (c, "cases"),
               json_object_get_int_member (c, "reviewed"),
               json_object_get_int_member (c, "false_alarms"), rate_text);
    }
}

static int
cmd_stats (int    argc,
           char **argv)
{
  g_auto (Options) o = { 0 };
  g_auto (GStrv) rest = NULL;
  g_autofree char *chart = NULL;
  const GOptionEntry entries[] = {
    LOG_ENTRY (o),
    FILTER_ENTRIES (o),
    { "chart", 0, 0, G_OPTION_ARG_FILENAME, &chart, "Also draw the figures as a PNG chart",
      "FILE" },
    JSON_ENTRY (o),
    { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &rest, NULL, NULL },
    { NULL }
  };
  g_autoptr (DiCaseLog) log = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (JsonNode) stats = NULL;
  DiCaseFilter filter;
  int status = DI_EXIT_OK;

  if (!parse_options ("stats", "- flags and false alarms, per day and per check",
                      "Anonymous figures (purged cases count too): flags per day, and per "
                      "check the cases it failed in, their reviews and the false-alarm rate "
                      "among them, to tune thresholds.", entries, &argc, &argv, &status) ||
      !no_arguments ("stats", rest, &status) || !check_filter ("stats", &o, &status))
    return status;
  log = open_log ("stats", &o, &status);
  if (log == NULL)
    return status;
  fill_filter (&o, &filter);
  stats = di_caselog_stats (log, &filter, &error);
  if (stats == NULL)
    return fail ("stats: %s", error->message);
  if (chart != NULL && !di_caselog_stats_chart (stats, chart, &error))
    return fail ("stats: %s", error->message);
  if (o.json)
    di_cli_print_json (stats);
  else
    print_stats (json_node_get_object (stats));
  return DI_EXIT_OK;
}

/* --- purge, settings --------------------------------------------------------------------- */

static int
cmd_purge (int    argc,
           char **argv)
{
  g_auto (Options) o = { 0 };
  g_auto (GStrv) rest = NULL;
  int days = -1;
  const GOptionEntry entries[] = {
    LOG_ENTRY (o),
    { "older-than", 0, 0, G_OPTION_ARG_INT, &days, "Purge cases created more than DAYS days "
      "ago", "DAYS" },
    { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &rest, NULL, NULL },
    { NULL }
  };
  g_autoptr (DiCaseLog) log = NULL;
  g_autoptr (GError) error = NULL;
  int status = DI_EXIT_OK;
  guint n = 0;

  if (!parse_options ("purge", "- remove the personal data of old cases (supervisors)",
                      "Removes the reports, notes and images of the cases created more than "
                      "DAYS days ago; keeps their anonymous columns for the statistics and "
                      "appends purge events, so that the chain still verifies.", entries,
                      &argc, &argv, &status) ||
      !no_arguments ("purge", rest, &status))
    return status;
  if (days < 0)
    return fail ("purge: give --older-than DAYS (0 or more)");
  log = open_log ("purge", &o, &status);
  if (log == NULL)
    return status;
  if (!di_caselog_purge (log, days, &n, &error))
    return fail ("purge: %s", error->message);
  g_print ("%u cases purged.\n", n);
  return DI_EXIT_OK;
}

static int
cmd_settings (int    argc,
              char **argv)
{
  g_auto (Options) o = { 0 };
  g_auto (GStrv) rest = NULL;
  g_autofree char *group = NULL, *current = NULL;
  const GOptionEntry entries[] = {
    LOG_ENTRY (o),
    { "supervisor-group", 0, 0, G_OPTION_ARG_STRING, &group,
      "Change the Unix group of the supervisors (supervisors only; logged)", "GROUP" },
    JSON_ENTRY (o),
    { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &rest, NULL, NULL },
    { NULL }
  };
  g_autoptr (DiCaseLog) log = NULL;
  g_autoptr (GError) error = NULL;
  int status = DI_EXIT_OK;

  if (!parse_options ("settings", "- show or change the settings of a case log",
                      "The supervisor group is set when the log is created ($"
                      DI_CASELOG_GROUP_ENV ", else " DI_CASELOG_DEFAULT_SUPERVISOR_GROUP ") "
                      "and changed only here, by a supervisor.", entries, &argc, &argv,
                      &status) ||
      !no_arguments ("settings", rest, &status))
    return status;
  log = open_log ("settings", &o, &status);
  if (log == NULL)
    return status;
  if (group != NULL && !di_caselog_set_supervisor_group (log, group, &error))
    return fail ("settings: %s", error->message);
  current = di_caselog_get_supervisor_group (log);
  if (o.json)
    {
      g_autoptr (JsonBuilder) b = json_builder_new ();
      g_autoptr (JsonNode) node = NULL;

      json_builder_begin_object (b);
      di_json_add_string (b, "path", di_caselog_get_path (log));
      json_builder_set_member_name (b, "schema");
      json_builder_add_int_value (b, di_caselog_get_schema_version (log));
      di_json_add_string (b, "supervisor_group", current);
      di_json_add_string (b, "user", di_caselog_os_user ());
      json_builder_set_member_name (b, "supervisor");
      json_builder_add_boolean_value (b, di_caselog_is_supervisor (log));
      json_builder_end_object (b);
      node = json_builder_get_root (b);
      di_cli_print_json (node);
    }
  else
    g_print ("Case log          %s\nSchema            %d\nSupervisor group  %s\n"
             "You (%s)  %s\n", di_caselog_get_path (log), di_caselog_get_schema_version (log),
             current, di_caselog_os_user (),
             di_caselog_is_supervisor (log) ? "supervisor" : "not a supervisor");
  return DI_EXIT_OK;
}

/* --- inspect --log ----------------------------------------------------------------------- */

/* --- dispatch ---------------------------------------------------------------------------- */

static const struct {
  const char *name;
  int       (*run) (int argc, char **argv);
  const char *summary;
} commands[] = {
  { "list", cmd_list, "list cases (filters: period, verdict, officer, station, review state)" },
  { "show", cmd_show, "show a case: report, check results, images, events" },
  { "decide", cmd_decide, "record the officer's decision on a case" },
  { "review", cmd_review, "review a case (supervisors; four eyes)" },
  { "export", cmd_export, "export cases as CSV or JSON, or one case as a PDF (supervisors)" },
  { "verify", cmd_verify, "check the hash chain and the stored images for tampering" },
  { "stats", cmd_stats, "flags per day and per check, false-alarm rates (text, PNG chart)" },
  { "purge", cmd_purge, "remove personal data of old cases (supervisors)" },
  { "settings", cmd_settings, "show or change the supervisor group" },
};

/**
 * di_cli_cases:
 * @argc: arguments after `docinspect`
 * @argv: `cases`, the subcommand, its options
 *
 * Returns: the exit status
 */
int
di_cli_cases (int    argc,
              char **argv)
{
  if (argc < 2)
    return di_cli_fail ("cases: give a command: list, show, decide, review, export, verify, "
                        "stats, purge or settings (see docinspect cases --help)");
  if (g_str_equal (argv[1], "--help") || g_str_equal (argv[1], "-h"))
    {
      g_print ("Usage: docinspect cases COMMAND [--log DB] [OPTION…]\n\nCommands:\n");
      for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
        g_print ("  %-9s %s\n", commands[i].name, commands[i].summary);
      g_print ("\nThe log is --log DB, else $" LOG_ENV ". Exit status: 0 done, 1 verify found "
               "tampering,\n2 could not run (bad usage, no such case, refused).\n");
      return DI_EXIT_OK;
    }
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    if (g_str_equal (argv[1], commands[i].name))
      {
        g_autofree char *prgname = g_strdup_printf ("docinspect cases %s", commands[i].name);

        g_set_prgname (prgname);
        return commands[i].run (argc - 1, argv + 1);
      }
  return di_cli_fail ("cases: unknown command '%s' (see docinspect cases --help)", argv[1]);
}
