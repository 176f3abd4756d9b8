/* test-caselog.c — the case log: append, chain, verify and tampering, four eyes, roles,
 * purge, migrations, durability under SIGKILL, two processes at once, the command line
 *
 * Run as `test-caselog --writer DB DIR COUNT` it is the writer process of the durability and
 * concurrency tests: it appends COUNT cases (0: until killed) with tiny images and prints
 * each case id once committed.
 */
#define _POSIX_C_SOURCE 200809L

#include "config.h"

#include <errno.h>
#include <gio/gio.h>
#include <glib/gstdio.h>
#include <grp.h>
#include <json-glib/json-glib.h>
#include <signal.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "di-caselog.h"
#include "di-test-util.h"

#define NO_GROUP "docinspect-test-no-such-group"
#define SURNAME "QZXSURNAMEQZX"
#define DOCNUMBER "QZ9876543"

/* --- fixtures --------------------------------------------------------------------------- */

typedef struct {
  char *dir;
  char *db;
} Fixture;

/* The group the process is a member of (its effective group). */
static const char *
member_group (void)
{
  struct group *gr = getgrgid (getegid ());

  g_assert_nonnull (gr);
  return gr->gr_name;
}

static void
fixture_set_up (Fixture      *f,
                gconstpointer data)
{
  f->dir = g_dir_make_tmp ("di-caselog-XXXXXX", NULL);
  g_assert_nonnull (f->dir);
  f->db = g_build_filename (f->dir, "log.db", NULL);
  /* supervisors by default; the refusal tests create their logs with another group */
  g_setenv (DI_CASELOG_GROUP_ENV, member_group (), TRUE);
}

static void
fixture_tear_down (Fixture      *f,
                   gconstpointer data)
{
  di_test_remove_tree (f->dir);
  g_free (f->dir);
  g_free (f->db);
}

static char *
write_file (const char *dir,
            const char *name,
            const char *content)
{
  char *path = g_build_filename (dir, name, NULL);
  g_autoptr (GError) error = NULL;

  g_file_set_contents (path, content, -1, &error);
  g_assert_no_error (error);
  return path;
}

static char *
report_json (const char *verdict,
             guint       n)
{
  gboolean flagged = !g_str_equal (verdict, "accept");

  return g_strdup_printf (
    "{\"scan_set\":\"set-%u\",\"verdict\":\"%s\",\"reasons\":[%s],\"template\":\"UTO-P-2024\","
    "\"mrz\":{\"found\":true,\"format\":\"TD3\",\"lines\":[\"P<UTO" SURNAME "<<ANNA\"],"
    "\"valid\":true,\"fields\":{\"surname\":\"" SURNAME "\",\"given_names\":\"ANNA\","
    "\"document_number\":\"" DOCNUMBER "\",\"birth_date\":\"1974-08-12\"}},"
    "\"checks\":[{\"id\":\"uv.dull_paper\",\"status\":\"%s\",\"critical\":true,\"score\":0.5,"
    "\"threshold\":0.2,\"sentence\":\"The paper glows under UV.\"},"
    "{\"id\":\"mrz.check_digit.birth_date\",\"status\":\"pass\",\"critical\":true}],"
    "\"timing_ms\":1}",
    n, verdict, flagged ? "\"The paper glows under UV light.\"" : "", flagged ? "fail" : "pass");
}

/* Appends a case with three tiny images of its own; returns its id. */
static gint64
append_case (DiCaseLog  *log,
             const char *dir,
             const char *verdict,
             const char *officer,
             const char *decision)
{
  static guint counter;
  g_autoptr (GError) error = NULL;
  g_autofree char *report = report_json (verdict, ++counter);
  g_autofree char *white = NULL, *uv = NULL, *ir = NULL;
  g_autofree char *content = NULL;
  DiCaseInput input = { 0 };
  gint64 id;

  content = g_strdup_printf ("white %u %u", counter, g_random_int ());
  white = write_file (dir, "white.png", content);
  g_free (content);
  content = g_strdup_printf ("uv %u %u", counter, g_random_int ());
  uv = write_file (dir, "uv.png", content);
  g_free (content);
  content = g_strdup_printf ("ir %u %u", counter, g_random_int ());
  ir = write_file (dir, "ir.png", content);

  input.report_json = report;
  input.images[DI_LIGHT_WHITE] = white;
  input.images[DI_LIGHT_UV] = uv;
  input.images[DI_LIGHT_IR] = ir;
  input.officer = officer;
  input.station = "booth-7";
  input.decision = decision;
  id = di_caselog_append (log, &input, &error);
  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);
  return id;
}

static DiCaseLog *
open_log (const char *path)
{
  g_autoptr (GError) error = NULL;
  DiCaseLog *log = di_caselog_open (path, &error);

  g_assert_no_error (error);
  g_assert_nonnull (log);
  return log;
}

static void
assert_intact (DiCaseLog *log)
{
  g_auto (DiCaseVerifyResult) result = { 0 };
  g_autoptr (GError) error = NULL;

  g_assert_true (di_caselog_verify (log, &result, &error));
  g_assert_no_error (error);
  if (!result.intact)
    g_test_message ("verify: %s", result.problem);
  g_assert_true (result.intact);
}

static void
sql (const char *path,
     const char *statement)
{
  sqlite3 *db = NULL;
  char *message = NULL;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  sqlite3_busy_timeout (db, 5000);
  if (sqlite3_exec (db, statement, NULL, NULL, &message) != SQLITE_OK)
    g_error ("%s: %s", statement, message);
  sqlite3_close (db);
}

static char *
sql_text (const char *path,
          const char *query)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  char *value = NULL;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  sqlite3_busy_timeout (db, 5000);
  g_assert_cmpint (sqlite3_prepare_v2 (db, query, -1, &stmt, NULL), ==, SQLITE_OK);
  if (sqlite3_step (stmt) == SQLITE_ROW && sqlite3_column_text (stmt, 0) != NULL)
    value = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return value;
}

static gint64
sql_int (const char *path,
         const char *query)
{
  g_autofree char *text = sql_text (path, query);

  return text != NULL ? g_ascii_strtoll (text, NULL, 10) : -1;
}

/* --- creation, append, list ------------------------------------------------------------- */

static void
test_create (Fixture      *f,
             gconstpointer data)
{
  g_autoptr (DiCaseLog) log = open_log (f->db);
  g_autofree char *wal = g_strconcat (f->db, "-wal", NULL);
  g_autofree char *shm = g_strconcat (f->db, "-shm", NULL);
  g_autofree char *images = g_strconcat (f->db, ".images", NULL);
  g_autofree char *mode = NULL;
  struct stat st;

  g_assert_cmpint (di_caselog_get_schema_version (log), ==, DI_CASELOG_SCHEMA_VERSION);
  append_case (log, f->dir, "review", "alice", NULL);
  /* while the log is open, its WAL and shared memory exist: private like the database */
  g_assert_cmpint (g_stat (f->db, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);
  g_assert_cmpint (g_stat (wal, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);
  g_assert_cmpint (g_stat (shm, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);
  g_assert_cmpint (g_stat (images, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0700);
  mode = sql_text (f->db, "PRAGMA journal_mode");
  g_assert_cmpstr (mode, ==, "wal");
  assert_intact (log);

  {
    g_autofree char *group = di_caselog_get_supervisor_group (log);

    g_assert_cmpstr (group, ==, member_group ());
    g_assert_true (di_caselog_is_supervisor (log));
  }
}

static void
test_not_a_log (Fixture      *f,
                gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *text = write_file (f->dir, "text.db", "this is not a database, not at all "
                                                         "and it is long enough to be read");
  g_autofree char *other = g_build_filename (f->dir, "other.db", NULL);
  g_autofree char *missing = g_build_filename (f->dir, "no", "such", "log.db", NULL);
  DiCaseLog *log;

  log = di_caselog_open (text, &error);
  g_assert_null (log);
  g_assert_error (error, DI_CASELOG_ERROR, DI_CASELOG_ERROR_OPEN);
  g_clear_error (&error);

  sql (other, "CREATE TABLE something (x)");
  log = di_caselog_open (other, &error);
  g_assert_null (log);
  g_assert_error (error, DI_CASELOG_ERROR, DI_CASELOG_ERROR_OPEN);
  g_clear_error (&error);

  log = di_caselog_open (missing, &error);
  g_assert_null (log);
  g_assert_error (error, DI_CASELOG_ERROR, DI_CASELOG_ERROR_OPEN);
}

static void
count_case (const DiCaseSummary *s,
            gpointer             user_data)
{
  GArray *ids = user_data;

  g_array_append_val (ids, s->id);
}

static guint
count (DiCaseLog          *log,
       const DiCaseFilter *filter)
{
  g_autoptr (GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr (GError) error = NULL;

  g_assert_true (di_caselog_list (log, filter, count_case, ids, &error));
  g_assert_no_error (error);
  return ids->len;
}

static void
test_append_and_list (Fixture      *f,
                      gconstpointer data)
{
  g_autoptr (DiCaseLog) log = open_log (f->db);
  g_autoptr (DiCaseRecord) record = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *crop = write_file (f->dir, "crop.png", "a crop");
  g_autofree char *report = NULL;
  DiCaseFilter filter = { 0 };
  DiCaseInput input = { 0 };
  gint64 a, b, c, d;
  struct stat st;

  a = append_case (log, f->dir, "review", "alice", "refused");
  b = append_case (log, f->dir, "accept", "bob", NULL);
  c = append_case (log, f->dir, "reject", "alice", NULL);

  /* a crop named by the report is stored with the case */
  report = g_strdup_printf ("{\"verdict\":\"reject\",\"template\":null,\"checks\":[{\"id\":"
                            "\"uv.fibres\",\"status\":\"fail\",\"crop\":\"%s\","
                            "\"reference_crop\":\"/no/such/crop.png\"}]}", crop);
  input.report_json = report;
  input.images[DI_LIGHT_WHITE] = crop;
  d = di_caselog_append (log, &input, &error);
  g_assert_no_error (error);

  record = di_caselog_get_case (log, a, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (record->summary.verdict, ==, "review");
  g_assert_cmpstr (record->summary.officer, ==, "alice");
  g_assert_cmpstr (record->summary.station, ==, "booth-7");
  g_assert_cmpstr (record->summary.decision, ==, "refused");
  g_assert_cmpstr (record->summary.decided_by, ==, "alice");
  g_assert_cmpstr (record->summary.failed_checks, ==, "uv.dull_paper");
  g_assert_null (record->summary.disposition);
  g_assert_true (g_str_has_suffix (record->summary.created_at, "Z"));
  g_assert_nonnull (strstr (record->report, SURNAME));
  g_assert_cmpuint (record->images->len, ==, 3);
  g_assert_cmpuint (record->events->len, ==, 3);
  g_assert_cmpstr (((DiCaseEvent *) record->events->pdata[0])->kind, ==, "capture");
  g_assert_cmpstr (((DiCaseEvent *) record->events->pdata[1])->kind, ==, "result");
  g_assert_cmpstr (((DiCaseEvent *) record->events->pdata[2])->kind, ==, "decision");
  for (guint i = 0; i < record->images->len; i++)
    {
      DiCaseImage *image = record->images->pdata[i];

      g_assert_cmpint (g_stat (image->path, &st), ==, 0);
      g_assert_cmpint (st.st_mode & 0777, ==, 0600);
      g_assert_true (g_str_has_suffix (image->path, image->sha256 + 2));
    }
  /* nothing personal in the events */
  for (guint i = 0; i < record->events->len; i++)
    g_assert_null (strstr (((DiCaseEvent *) record->events->pdata[i])->data, SURNAME));
  g_clear_pointer (&record, di_case_record_free);

  record = di_caselog_get_case (log, d, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (record->images->len, ==, 2);
  g_assert_cmpstr (((DiCaseImage *) record->images->pdata[0])->role, ==, "crop/uv.fibres");
  g_assert_cmpstr (((DiCaseImage *) record->images->pdata[1])->role, ==, "white");
  /* the same bytes are stored once */
  g_assert_cmpstr (((DiCaseImage *) record->images->pdata[0])->sha256, ==,
                   ((DiCaseImage *) record->images->pdata[1])->sha256);

  g_assert_cmpuint (count (log, NULL), ==, 4);
  filter.officer = "alice";
  g_assert_cmpuint (count (log, &filter), ==, 2);
  filter = (DiCaseFilter) { .flagged = TRUE };
  g_assert_cmpuint (count (log, &filter), ==, 3);
  filter = (DiCaseFilter) { .verdict = "accept" };
  g_assert_cmpuint (count (log, &filter), ==, 1);
  filter = (DiCaseFilter) { .station = "booth-7" };
  g_assert_cmpuint (count (log, &filter), ==, 3);
  filter = (DiCaseFilter) { .decision = "refused" };
  g_assert_cmpuint (count (log, &filter), ==, 1);
  filter = (DiCaseFilter) { .review_state = "unreviewed", .limit = 2 };
  g_assert_cmpuint (count (log, &filter), ==, 2);
  filter = (DiCaseFilter) { .since = "2000-01-01", .until = "2000-01-02" };
  g_assert_cmpuint (count (log, &filter), ==, 0);
  filter = (DiCaseFilter) { .since = "2000-01-01" };
  g_assert_cmpuint (count (log, &filter), ==, 4);

  g_assert_true (di_caselog_decide (log, b, "accepted", NULL, "looked fine", &error));
  g_assert_no_error (error);
  g_assert_false (di_caselog_decide (log, b, "maybe", NULL, NULL, &error));
  g_assert_error (error, DI_CASELOG_ERROR, DI_CASELOG_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (di_caselog_decide (log, 999, "accepted", NULL, NULL, &error));
  g_assert_error (error, DI_CASELOG_ERROR, DI_CASELOG_ERROR_NOT_FOUND);
  g_clear_error (&error);

  input = (DiCaseInput) { .report_json = "{\"no\":\"verdict\"}" };
  g_assert_cmpint (di_caselog_append (log, &input, &error), ==, 0);
  g_assert_error (error, DI_CASELOG_ERROR, DI_CASELOG_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_cmpuint (count (log, NULL), ==, 4);
  (void) c;
  assert_intact (log);
}

/* --- roles and four eyes ---------------------------------------------------------------- */

static gint64
count_events (const char *db,
              const char *kind)
{
  g_autofree char *query = g_strdup_printf ("SELECT count(*) FROM events WHERE kind = '%s'", kind);

  return sql_int (db, query);
}

static void
test_refusals (Fixture      *f,
               gconstpointer data)
{
  g_autoptr (DiCaseLog) log = NULL;
  g_autoptr (GError) error = NULL;
  gint64 id;

  g_setenv (DI_CASELOG_GROUP_ENV, NO_GROUP, TRUE);
  log = open_log (f->db);
  g_assert_false (di_caselog_is_supervisor (log));
  di_caselog_set_user_for_testing (log, "booth-account");
  id = append_case (log, f->dir, "review", "alice", NULL);
  di_caselog_set_user_for_testing (log, NULL);

  g_assert_false (di_caselog_review (log, id, "confirmed-fraud", NULL, &error));
  g_assert_error (error, DI_CASELOG_ERROR, DI_CASELOG_ERROR_REFUSED);
  g_assert_nonnull (strstr (error->message, NO_GROUP));
  g_clear_error (&error);
  g_assert_false (di_caselog_export (log, NULL, DI_CASE_EXPORT_CSV, NULL, NULL, &error));
  g_assert_error (error, DI_CASELOG_ERROR, DI_CASELOG_ERROR_REFUSED);
  g_clear_error (&error);
  g_assert_false (di_caselog_purge (log, 0, NULL, &error));
  g_assert_error (error, DI_CASELOG_ERROR, DI_CASELOG_ERROR_REFUSED);
  g_clear_error (&error);
  g_assert_false (di_caselog_set_supervisor_group (log, member_group (), &error));
  g_assert_error (error, DI_CASELOG_ERROR, DI_CASELOG_ERROR_REFUSED);
  g_clear_error (&error);

  /* each refusal is an event of the chain; nothing else changed */
  g_assert_cmpint (count_events (f->db, "refusal"), ==, 4);
  g_assert_cmpint (count_events (f->db, "review"), ==, 0);
  g_assert_cmpint (sql_int (f->db, "SELECT count(*) FROM cases WHERE purged_at IS NOT NULL"), ==,
                   0);
  assert_intact (log);
}

static void
test_four_eyes (Fixture      *f,
                gconstpointer data)
{
  g_autoptr (DiCaseLog) log = open_log (f->db);
  g_autoptr (GError) error = NULL;
  const char *me = di_caselog_os_user ();
  gint64 mine, my_account, decided_by_me, other, accepted;

  /* logged at a booth account by the officer whose id is my user name */
  di_caselog_set_user_for_testing (log, "booth-account");
  mine = append_case (log, f->dir, "review", me, NULL);
  other = append_case (log, f->dir, "review", "alice", "referred");
  accepted = append_case (log, f->dir, "accept", "alice", NULL);
  decided_by_me = append_case (log, f->dir, "reject", "alice", NULL);
  g_assert_true (di_caselog_decide (log, decided_by_me, "refused", me, NULL, &error));
  /* logged from my own account under another officer id */
  di_caselog_set_user_for_testing (log, NULL);
  my_account = append_case (log, f->dir, "review", "bob", NULL);

  g_assert_false (di_caselog_review (log, mine, "false-alarm", "fine", &error));
  g_assert_error (error, DI_CASELOG_ERROR, DI_CASELOG_ERROR_FOUR_EYES);
  g_clear_error (&error);
  g_assert_false (di_caselog_review (log, decided_by_me, "confirmed-fraud", NULL, &error));
  g_assert_error (error, DI_CASELOG_ERROR, DI_CASELOG_ERROR_FOUR_EYES);
  g_clear_error (&error);
  g_assert_false (di_caselog_review (log, my_account, "false-alarm", "fine", &error));
  g_assert_error (error, DI_CASELOG_ERROR, DI_CASELOG_ERROR_FOUR_EYES);
  g_clear_error (&error);
  g_assert_cmpint (count_events (f->db, "refusal"), ==, 3);

  /* another's case: a note is needed only against the automatic verdict */
  g_assert_false (di_caselog_review (log, other, "false-alarm", NULL, &error));
  g_assert_error (error, DI_CASELOG_ERROR, DI_CASELOG_ERROR_NOTE_REQUIRED);
  g_clear_error (&error);
  g_assert_false (di_caselog_review (log, accepted, "confirmed-fraud", "", &error));
  g_assert_error (error, DI_CASELOG_ERROR, DI_CASELOG_ERROR_NOTE_REQUIRED);
  g_clear_error (&error);
  g_assert_true (di_caselog_review (log, other, "needs-follow-up", NULL, &error));
  g_assert_no_error (error);
  g_assert_true (di_caselog_review (log, other, "false-alarm", "UV lamp was dirty", &error));
  g_assert_no_error (error);
  g_assert_true (di_caselog_review (log, accepted, "confirmed-fraud", "photo lifted", &error));
  g_assert_no_error (error);
  g_assert_false (di_caselog_review (log, other, "approved", NULL, &error));
  g_assert_error (error, DI_CASELOG_ERROR, DI_CASELOG_ERROR_INVALID);
  g_clear_error (&error);

  {
    g_autoptr (DiCaseRecord) record = di_caselog_get_case (log, other, &error);

    g_assert_cmpstr (record->summary.disposition, ==, "false-alarm");
    g_assert_cmpstr (record->summary.reviewed_by, ==, me);
  }
  g_assert_cmpint (count_events (f->db, "review"), ==, 3);
  assert_intact (log);
}

/* --- tampering -------------------------------------------------------------------------- */

typedef struct {
  const char *name;
  const char *sql;            /* run on the closed log; NULL: see image */
  int         image;          /* 1: change a byte of an image file, 2: delete it */
  gint64      event_id;       /* the broken link verify must name (-1: don't care) */
  gint64      case_id;
  const char *problem;        /* a part of the sentence */
} Tamper;

/* The log of every tamper test: events 1 create, 2-3 case 1 (capture, result), 4-6 case 2
 * (capture, result, decision), 7-8 case 3, 9 review of case 2 (with a note), 10 decision of
 * case 3. */
static const Tamper tampers[] = {
  { "report-byte", "UPDATE case_reports SET report = replace(report, '" SURNAME "', "
    "'QZXSURNAMEQZY') WHERE case_id = 2", 0, 5, 2, "report does not match" },
  { "report-deleted", "DELETE FROM case_reports WHERE case_id = 3", 0, 8, 3, "report is missing" },
  { "verdict", "UPDATE cases SET verdict = 'accept' WHERE id = 2", 0, 5, 2, "verdict" },
  { "officer", "UPDATE cases SET officer = 'mallory' WHERE id = 1", 0, 2, 1, "officer" },
  { "created-at", "UPDATE cases SET created_at = '2000-01-01T00:00:00.000000Z' WHERE id = 3", 0,
    7, 3, "created_at" },
  { "failed-checks", "UPDATE cases SET failed_checks = '' WHERE id = 1", 0, 3, 1,
    "failed_checks" },
  { "decision", "UPDATE cases SET decision = 'accepted' WHERE id = 2", 0, 6, 2, "decision" },
  { "disposition", "UPDATE cases SET disposition = 'confirmed-fraud' WHERE id = 2", 0, 9, 2,
    "disposition" },
  { "event-data", "UPDATE events SET data = replace(data, 'refused', 'accepted') WHERE id = 6",
    0, 6, 2, "does not match its hash" },
  { "event-actor", "UPDATE events SET actor = 'mallory' WHERE id = 9", 0, 9, 2,
    "does not match its hash" },
  { "event-time", "UPDATE events SET at = '2000-01-01T00:00:00.000000Z' WHERE id = 4", 0, 4, 2,
    "does not match its hash" },
  { "event-note", "UPDATE events SET note = 'nothing to see' WHERE id = 9", 0, 9, 2, "note" },
  { "event-note-removed", "UPDATE events SET note = NULL WHERE id = 9", 0, 9, 2, "note" },
  { "event-hash", "UPDATE events SET hash = '" "0123456789abcdef0123456789abcdef"
    "0123456789abcdef0123456789abcdef" "' WHERE id = 5", 0, 5, 2, "does not match its hash" },
  { "event-deleted", "DELETE FROM events WHERE id = 6", 0, 6, -1, "missing" },
  { "last-event-deleted", "DELETE FROM events WHERE id = 10", 0, 10, -1, "missing" },
  { "events-reordered", "UPDATE events SET id = -4 WHERE id = 4; UPDATE events SET id = 4 "
    "WHERE id = 5; UPDATE events SET id = 5 WHERE id = -4", 0, 4, -1, NULL },
  { "event-inserted", "UPDATE events SET id = id + 1000 WHERE id >= 7; "
    "UPDATE events SET id = id - 999 WHERE id >= 1000; "
    "INSERT INTO events SELECT 7, case_id, kind, at, actor, station, data, note, note_sha256, "
    "prev_hash, hash FROM events WHERE id = 6", 0, 7, -1, NULL },
  { "case-deleted", "DELETE FROM cases WHERE id = 3", 0, 7, 3, "case 3 is missing" },
  { "case-added", "INSERT INTO cases (id, uid, created_at, station, officer, verdict, "
    "failed_checks) VALUES (4, 'x', '2026-01-01', 's', 'o', 'accept', '')", 0, 0,
    4, "no capture event" },
  { "image-row-deleted", "DELETE FROM case_images WHERE case_id = 1 AND role = 'uv'", 0, 2, 1,
    "missing" },
  { "image-row-changed", "UPDATE case_images SET bytes = bytes + 1 WHERE case_id = 2 AND "
    "role = 'ir'", 0, 4, 2, "image row" },
  { "supervisor-group", "UPDATE meta SET value = 'mallory' WHERE key = 'supervisor_group'", 0,
    1, 0, "supervisor group" },
  { "image-byte", NULL, 1, 4, 2, "does not match its SHA-256" },
  { "image-deleted", NULL, 2, 4, 2, "missing" },
};

static void
build_tamper_log (Fixture *f)
{
  g_autoptr (DiCaseLog) log = open_log (f->db);
  g_autoptr (GError) error = NULL;
  gint64 id;

  di_caselog_set_user_for_testing (log, "booth-account");
  id = append_case (log, f->dir, "review", "alice", NULL);
  g_assert_cmpint (id, ==, 1);
  id = append_case (log, f->dir, "review", "alice", "refused");
  g_assert_cmpint (id, ==, 2);
  id = append_case (log, f->dir, "accept", "bob", NULL);
  g_assert_cmpint (id, ==, 3);
  di_caselog_set_user_for_testing (log, NULL);
  g_assert_true (di_caselog_review (log, 2, "false-alarm", "the UV lamp was dirty", &error));
  g_assert_no_error (error);
  g_assert_true (di_caselog_decide (log, 3, "accepted", "bob", NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (sql_int (f->db, "SELECT max(id) FROM events"), ==, 10);
  assert_intact (log);
}

static void
test_tamper (Fixture      *f,
             gconstpointer data)
{
  const Tamper *t = data;
  g_autoptr (DiCaseLog) log = NULL;
  g_autoptr (GError) error = NULL;
  g_auto (DiCaseVerifyResult) result = { 0 };

  build_tamper_log (f);
  if (t->sql != NULL)
    sql (f->db, t->sql);
  else
    {
      g_autofree char *sha = sql_text (f->db, "SELECT sha256 FROM case_images WHERE case_id = 2 "
                                              "AND role = 'ir'");
      char sub[3] = { sha[0], sha[1], '\0' };
      g_autofree char *images = g_strconcat (f->db, ".images", NULL);
      g_autofree char *path = g_build_filename (images, sub, sha + 2, NULL);
      g_autofree char *content = NULL;
      gsize len;

      if (t->image == 1)
        {
          g_assert_true (g_file_get_contents (path, &content, &len, NULL));
          content[len / 2] ^= 0x01;
          g_assert_true (g_file_set_contents (path, content, len, NULL));
        }
      else
        g_assert_cmpint (g_unlink (path), ==, 0);
    }

  log = open_log (f->db);
  g_assert_true (di_caselog_verify (log, &result, &error));
  g_assert_no_error (error);
  g_test_message ("%s: %s", t->name, result.problem);
  g_assert_false (result.intact);
  if (t->event_id >= 0)
    g_assert_cmpint (result.event_id, ==, t->event_id);
  if (t->case_id >= 0)
    g_assert_cmpint (result.case_id, ==, t->case_id);
  if (t->problem != NULL)
    g_assert_nonnull (strstr (result.problem, t->problem));
  if (t->image != 0)
    g_assert_nonnull (result.image);
  /* nothing personal in the sentence */
  g_assert_null (strstr (result.problem, SURNAME));
}

/* --- purge ------------------------------------------------------------------------------ */

static gboolean
file_contains (const char *path,
               const char *needle)
{
  g_autofree char *content = NULL;
  gsize len;

  if (!g_file_get_contents (path, &content, &len, NULL))
    return FALSE;
  for (gsize i = 0; i + strlen (needle) <= len; i++)
    if (memcmp (content + i, needle, strlen (needle)) == 0)
      return TRUE;
  return FALSE;
}

static void
test_purge (Fixture      *f,
            gconstpointer data)
{
  g_autoptr (DiCaseLog) log = open_log (f->db);
  g_autoptr (GError) error = NULL;
  g_autoptr (GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr (GDateTime) old = g_date_time_add_days (now, -40);
  g_autoptr (DiCaseRecord) record = NULL;
  g_autoptr (JsonNode) stats = NULL;
  g_autofree char *wal = g_strconcat (f->db, "-wal", NULL);
  g_autoptr (GPtrArray) old_images = g_ptr_array_new_with_free_func (g_free);
  gint64 a, b, c;
  guint n = 0;

  di_caselog_set_user_for_testing (log, "booth-account");
  di_caselog_set_now_for_testing (log, old);
  a = append_case (log, f->dir, "review", "alice", "refused");
  b = append_case (log, f->dir, "reject", "alice", NULL);
  g_assert_true (di_caselog_decide (log, b, "referred", NULL, "holder " SURNAME " said", &error));
  di_caselog_set_now_for_testing (log, NULL);
  c = append_case (log, f->dir, "review", "bob", NULL);
  di_caselog_set_user_for_testing (log, NULL);
  g_assert_true (di_caselog_review (log, a, "false-alarm", "note about " SURNAME, &error));
  g_assert_no_error (error);

  record = di_caselog_get_case (log, a, &error);
  for (guint i = 0; i < record->images->len; i++)
    g_ptr_array_add (old_images, g_strdup (((DiCaseImage *) record->images->pdata[i])->path));
  g_clear_pointer (&record, di_case_record_free);

  g_assert_true (di_caselog_purge (log, 30, &n, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n, ==, 2);

  record = di_caselog_get_case (log, a, &error);
  g_assert_no_error (error);
  g_assert_null (record->report);
  g_assert_nonnull (record->summary.purged_at);
  g_assert_cmpuint (record->images->len, ==, 0);
  /* the anonymous columns stay */
  g_assert_cmpstr (record->summary.verdict, ==, "review");
  g_assert_cmpstr (record->summary.disposition, ==, "false-alarm");
  g_assert_cmpstr (record->summary.failed_checks, ==, "uv.dull_paper");
  for (guint i = 0; i < record->events->len; i++)
    g_assert_null (((DiCaseEvent *) record->events->pdata[i])->note);
  g_clear_pointer (&record, di_case_record_free);
  for (guint i = 0; i < old_images->len; i++)
    g_assert_false (g_file_test (old_images->pdata[i], G_FILE_TEST_EXISTS));

  record = di_caselog_get_case (log, c, &error);
  g_assert_nonnull (record->report);
  g_assert_cmpuint (record->images->len, ==, 3);
  g_assert_null (record->summary.purged_at);

  /* a purged case can be neither decided nor reviewed */
  g_assert_false (di_caselog_decide (log, b, "accepted", NULL, NULL, &error));
  g_assert_error (error, DI_CASELOG_ERROR, DI_CASELOG_ERROR_PURGED);
  g_clear_error (&error);

  g_assert_cmpint (count_events (f->db, "purge"), ==, 3);
  assert_intact (log);
  stats = di_caselog_stats (log, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (stats), "cases"), ==, 3);
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (stats), "false_alarms"), ==,
                   1);

  /* purging again finds nothing; the recent case's surname is still in the file */
  g_assert_true (di_caselog_purge (log, 30, &n, &error));
  g_assert_cmpuint (n, ==, 0);
  g_clear_pointer (&log, di_caselog_free);
  assert_intact ((log = open_log (f->db)));
  g_clear_pointer (&log, di_caselog_free);

  /* purge everything: no copy of a name stays in the database file or its WAL */
  log = open_log (f->db);
  g_assert_true (di_caselog_purge (log, 0, &n, &error));
  g_assert_cmpuint (n, ==, 1);
  g_assert_false (file_contains (f->db, SURNAME));
  g_assert_false (file_contains (wal, SURNAME));
  g_assert_false (file_contains (f->db, DOCNUMBER));
  assert_intact (log);
}

/* --- migrations ------------------------------------------------------------------------- */

static void
test_migrate_v1 (Fixture      *f,
                 gconstpointer data)
{
  g_autoptr (DiCaseLog) log = open_log (f->db);
  g_autoptr (GError) error = NULL;
  g_autoptr (DiCaseRecord) record = NULL;
  g_autofree char *last = NULL;
  DiCaseFilter filter = { .review_state = "false-alarm" };
  gint64 a, b;

  /* a log with decisions and reviews, then brought back to schema 1 as version 1 wrote it */
  di_caselog_set_user_for_testing (log, "booth-account");
  a = append_case (log, f->dir, "review", "alice", "refused");
  b = append_case (log, f->dir, "accept", "bob", NULL);
  di_caselog_set_user_for_testing (log, NULL);
  g_assert_true (di_caselog_review (log, a, "false-alarm", "fine", &error));
  g_assert_true (di_caselog_decide (log, b, "accepted", "bob", NULL, &error));
  g_clear_pointer (&log, di_caselog_free);
  sql (f->db, "ALTER TABLE cases ADD COLUMN report TEXT;"
              "UPDATE cases SET report = (SELECT report FROM case_reports WHERE case_id = id);"
              "DROP TABLE case_reports;"
              "DROP INDEX cases_created_at; DROP INDEX cases_officer; DROP INDEX cases_station;"
              "DROP INDEX cases_disposition;"
              "ALTER TABLE cases DROP COLUMN decision; ALTER TABLE cases DROP COLUMN decided_by;"
              "ALTER TABLE cases DROP COLUMN decided_at; ALTER TABLE cases DROP COLUMN disposition;"
              "ALTER TABLE cases DROP COLUMN reviewed_by;"
              "ALTER TABLE cases DROP COLUMN reviewed_at;"
              "ALTER TABLE cases DROP COLUMN purged_at; PRAGMA user_version = 1;");
  g_assert_cmpint (sql_int (f->db, "PRAGMA user_version"), ==, 1);
  g_assert_cmpint (sql_int (f->db, "SELECT count(*) FROM pragma_table_info('cases')"), ==, 9);

  log = open_log (f->db);
  g_assert_cmpint (di_caselog_get_schema_version (log), ==, 2);
  g_assert_cmpint (sql_int (f->db, "PRAGMA user_version"), ==, 2);
  last = sql_text (f->db, "SELECT kind || ' ' || data FROM events ORDER BY id DESC LIMIT 1");
  g_assert_cmpstr (last, ==, "migrate {\"from\":1,\"to\":2}");
  record = di_caselog_get_case (log, a, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (record->summary.decision, ==, "refused");
  g_assert_cmpstr (record->summary.disposition, ==, "false-alarm");
  g_assert_cmpstr (record->summary.reviewed_by, ==, di_caselog_os_user ());
  g_clear_pointer (&record, di_case_record_free);
  record = di_caselog_get_case (log, b, &error);
  g_assert_cmpstr (record->summary.decision, ==, "accepted");
  g_assert_null (record->summary.disposition);
  g_assert_cmpuint (count (log, &filter), ==, 1);
  assert_intact (log);

  /* opening again migrates nothing */
  g_clear_pointer (&log, di_caselog_free);
  log = open_log (f->db);
  g_assert_cmpint (count_events (f->db, "migrate"), ==, 1);
}

static void
test_migrate_newer (Fixture      *f,
                    gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  DiCaseLog *log = open_log (f->db);

  di_caselog_free (log);
  sql (f->db, "PRAGMA user_version = 99");
  log = di_caselog_open (f->db, &error);
  g_assert_null (log);
  g_assert_error (error, DI_CASELOG_ERROR, DI_CASELOG_ERROR_VERSION);
}

/* --- processes: durability and concurrency ---------------------------------------------- */

static char *
self_exe (void)
{
  char *exe = g_file_read_link ("/proc/self/exe", NULL);

  g_assert_nonnull (exe);
  return exe;
}

/* The writer process: COUNT cases (0: until killed), each id printed once committed. */
static int
writer_main (const char *db,
             const char *dir,
             guint       n)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (DiCaseLog) log = di_caselog_open (db, &error);
  g_autofree char *images = g_build_filename (dir, "images", NULL);

  if (log == NULL)
    {
      fprintf (stderr, "writer: %s\n", error->message);
      return 2;
    }
  g_mkdir_with_parents (images, 0700);
  for (guint i = 0; n == 0 || i < n; i++)
    {
      gint64 id = append_case (log, images, i % 3 == 0 ? "accept" : "review", "writer",
                               i % 2 == 0 ? "referred" : NULL);

      printf ("%" G_GINT64_FORMAT "\n", id);
      fflush (stdout);
    }
  return 0;
}

typedef struct {
  GPid     pid;
  int      out;
  GString *text;   /* what it printed so far */
} Child;

static Child
spawn_writer (const char *db,
              const char *dir,
              guint       n)
{
  g_autofree char *exe = self_exe ();
  g_autofree char *count_text = g_strdup_printf ("%u", n);
  const char *argv[] = { exe, "--writer", db, dir, count_text, NULL };
  g_autoptr (GError) error = NULL;
  Child child;

  g_spawn_async_with_pipes (NULL, (char **) argv, NULL, G_SPAWN_DO_NOT_REAP_CHILD, NULL, NULL,
                            &child.pid, NULL, &child.out, NULL, &error);
  g_assert_no_error (error);
  child.text = g_string_new (NULL);
  return child;
}

/* Waits until the child has printed a first id: it is appending cases from then on. */
static void
wait_first_id (Child *child)
{
  char c;
  gssize n;

  while ((n = read (child->out, &c, 1)) != 0)
    {
      if (n < 0 && errno == EINTR)
        continue;
      g_assert_cmpint (n, ==, 1);
      g_string_append_c (child->text, c);
      if (c == '\n')
        return;
    }
  g_error ("the writer ended before logging a case");
}

/* Reads the child's output to its end; the ids of complete lines into @ids. */
static void
collect_ids (Child   *child,
             GArray  *ids)
{
  g_autoptr (GString) out = child->text;
  char buffer[4096];
  gssize n;
  char *line, *next;

  child->text = NULL;
  while ((n = read (child->out, buffer, sizeof buffer)) > 0 || (n < 0 && errno == EINTR))
    if (n > 0)
      g_string_append_len (out, buffer, n);
  close (child->out);
  for (line = out->str; (next = strchr (line, '\n')) != NULL; line = next + 1)
    {
      gint64 id;

      *next = '\0';
      id = g_ascii_strtoll (line, NULL, 10);
      g_assert_cmpint (id, >, 0);
      g_array_append_val (ids, id);
    }
}

static int
wait_child (Child *child)
{
  int status = 0;

  g_assert_cmpint (waitpid (child->pid, &status, 0), ==, child->pid);
  g_spawn_close_pid (child->pid);
  return status;
}

static void
assert_all_present (const char *db,
                    GArray     *ids)
{
  sqlite3 *handle = NULL;
  sqlite3_stmt *stmt = NULL;

  g_assert_cmpint (sqlite3_open (db, &handle), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (handle, "SELECT count(*) FROM cases JOIN case_reports "
                                               "ON case_id = id WHERE id = ?", -1, &stmt, NULL), ==,
                   SQLITE_OK);
  for (guint i = 0; i < ids->len; i++)
    {
      sqlite3_reset (stmt);
      sqlite3_bind_int64 (stmt, 1, g_array_index (ids, gint64, i));
      g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
      if (sqlite3_column_int (stmt, 0) != 1)
        g_error ("case %" G_GINT64_FORMAT " was reported as logged but is not in the log",
                 g_array_index (ids, gint64, i));
    }
  sqlite3_finalize (stmt);
  sqlite3_close (handle);
}

static void
test_durability (Fixture      *f,
                 gconstpointer data)
{
  g_autoptr (GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr (DiCaseLog) log = NULL;
  g_autofree char *check = NULL;
  guint rounds = 30;

  for (guint round = 0; round < rounds; round++)
    {
      Child child = spawn_writer (f->db, f->dir, 0);
      guint before = ids->len;
      int status;

      /* killed while appending: at a random moment after its first case */
      wait_first_id (&child);
      g_usleep (g_test_rand_int_range (0, 300) * 1000);
      g_assert_cmpint (kill (child.pid, SIGKILL), ==, 0);
      status = wait_child (&child);
      collect_ids (&child, ids);
      g_assert_true (WIFSIGNALED (status));
      g_test_message ("round %u: %u cases reported", round, ids->len - before);
    }
  g_assert_cmpuint (ids->len, >=, rounds);
  assert_all_present (f->db, ids);
  check = sql_text (f->db, "PRAGMA integrity_check");
  g_assert_cmpstr (check, ==, "ok");
  log = open_log (f->db);
  assert_intact (log);
}

static void
test_concurrent (Fixture      *f,
                 gconstpointer data)
{
  g_autoptr (GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autofree char *dir_a = g_build_filename (f->dir, "a", NULL);
  g_autofree char *dir_b = g_build_filename (f->dir, "b", NULL);
  g_autoptr (DiCaseLog) log = NULL;
  guint n = 25;
  Child a, b;

  /* two writers start at once on a log that does not exist yet, while this process reads */
  a = spawn_writer (f->db, dir_a, n);
  b = spawn_writer (f->db, dir_b, n);
  for (int i = 0; i < 20; i++)
    {
      if (g_file_test (f->db, G_FILE_TEST_EXISTS) && sql_int (f->db, "PRAGMA user_version") == 2)
        {
          g_autoptr (GError) error = NULL;
          g_autoptr (DiCaseLog) reader = di_caselog_open (f->db, &error);

          g_assert_no_error (error);
          count (reader, NULL);
        }
      g_usleep (20000);
    }
  collect_ids (&a, ids);
  collect_ids (&b, ids);
  g_assert_cmpint (wait_child (&a), ==, 0);
  g_assert_cmpint (wait_child (&b), ==, 0);
  g_assert_cmpuint (ids->len, ==, 2 * n);
  assert_all_present (f->db, ids);
  log = open_log (f->db);
  g_assert_cmpuint (count (log, NULL), ==, 2 * n);
  assert_intact (log);
}

/* --- the command line ------------------------------------------------------------------- */

/* Runs docinspect ($DOCINSPECT) with the arguments that follow, up to NULL. */
static void
run_docinspect (DiTestRun *run,
                ...)
{
  g_autoptr (GPtrArray) argv = g_ptr_array_new ();
  const char *arg;
  va_list args;

  g_ptr_array_add (argv, (gpointer) g_getenv ("DOCINSPECT"));
  va_start (args, run);
  while ((arg = va_arg (args, const char *)) != NULL)
    g_ptr_array_add (argv, (gpointer) arg);
  va_end (args);
  g_ptr_array_add (argv, NULL);
  di_test_run (run, (const char *const *) argv->pdata, NULL, NULL, NULL);
}

static void
assert_private (const char *path)
{
  struct stat st;

  g_assert_cmpint (g_stat (path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);
}

static void
test_cli (Fixture      *f,
          gconstpointer data)
{
  g_autofree char *exercise = g_build_filename (f->dir, "exercise", NULL);
  g_autofree char *set1 = g_build_filename (exercise, "0001", NULL);
  g_autofree char *set2 = g_build_filename (exercise, "0002", NULL);
  g_autofree char *pdf = g_build_filename (f->dir, "case.pdf", NULL);
  g_autofree char *csv = g_build_filename (f->dir, "cases.csv", NULL);
  g_autofree char *chart = g_build_filename (f->dir, "chart.png", NULL);
  g_autoptr (JsonParser) parser = json_parser_new ();
  g_autofree char *surname = NULL, *content = NULL;
  JsonObject *o;
  gint64 case_id, other;

  {
    g_auto (DiTestRun) run = { 0 };

    run_docinspect (&run, "exercise", "generate", "--out", exercise, "--count", "2", "--seed",
                    "5", "--capture-effects", "light", "--date", "2026-01-15", NULL);
    g_assert_cmpint (run.status, ==, 0);
  }

  /* inspect --log: the JSON object gains the case id */
  {
    g_auto (DiTestRun) run = { 0 };

    run_docinspect (&run, "inspect", "--json", "--date", "2026-01-15", "--log", f->db,
                    "--officer", "alice", "--station", "booth-1", "--decision", "refused", set1,
                    NULL);
    g_assert_cmpint (run.status, <=, 1);
    g_assert_true (json_parser_load_from_data (parser, run.out, -1, NULL));
    o = json_node_get_object (json_parser_get_root (parser));
    case_id = json_object_get_int_member (o, "case_id");
    g_assert_cmpint (case_id, ==, 1);
    surname = g_strdup (json_object_get_string_member (
      json_object_get_object_member (json_object_get_object_member (o, "mrz"), "fields"),
      "surname"));
    g_assert_cmpstr (run.err, ==, "");
  }
  {
    g_auto (DiTestRun) run = { 0 };

    run_docinspect (&run, "inspect", "--date", "2026-01-15", "--log", f->db, set2, NULL);
    g_assert_cmpint (run.status, <=, 1);
    g_assert_nonnull (strstr (run.out, "Logged as case 2."));
  }
  assert_private (f->db);

  /* list, show, verify */
  {
    g_auto (DiTestRun) run = { 0 };

    run_docinspect (&run, "cases", "list", "--log", f->db, "--json", "--officer", "alice", NULL);
    g_assert_cmpint (run.status, ==, 0);
    g_assert_true (json_parser_load_from_data (parser, run.out, -1, NULL));
    o = json_node_get_object (json_parser_get_root (parser));
    g_assert_cmpint (json_object_get_int_member (o, "count"), ==, 1);
    o = json_array_get_object_element (json_object_get_array_member (o, "cases"), 0);
    g_assert_cmpstr (json_object_get_string_member (o, "station"), ==, "booth-1");
    g_assert_cmpstr (json_object_get_string_member (o, "decision"), ==, "refused");
    /* list shows nothing personal */
    g_assert_null (strstr (run.out, surname));
  }
  {
    g_auto (DiTestRun) run = { 0 };

    run_docinspect (&run, "cases", "show", "--log", f->db, "--json", "1", NULL);
    g_assert_cmpint (run.status, ==, 0);
    g_assert_true (json_parser_load_from_data (parser, run.out, -1, NULL));
    o = json_node_get_object (json_parser_get_root (parser));
    g_assert_cmpstr (json_object_get_string_member (o, "officer"), ==, "alice");
    g_assert_true (json_object_has_member (json_object_get_object_member (o, "report"), "checks"));
    g_assert_cmpuint (json_array_get_length (json_object_get_array_member (o, "images")), >=, 3);
    g_assert_cmpuint (json_array_get_length (json_object_get_array_member (o, "events")), ==, 3);
  }
  {
    g_auto (DiTestRun) run = { 0 };

    run_docinspect (&run, "cases", "show", "--log", f->db, "1", NULL);
    g_assert_cmpint (run.status, ==, 0);
    g_assert_nonnull (strstr (run.out, "Decision     refused by alice"));
  }
  {
    g_auto (DiTestRun) run = { 0 };

    run_docinspect (&run, "cases", "verify", "--log", f->db, NULL);
    g_assert_cmpint (run.status, ==, 0);
    g_assert_true (g_str_has_prefix (run.out, "intact: 6 events, 2 cases"));
  }
  {
    g_auto (DiTestRun) run = { 0 };

    run_docinspect (&run, "cases", "decide", "--log", f->db, "2", "--decision", "accepted", NULL);
    g_assert_cmpint (run.status, ==, 0);
  }

  /* four eyes: this OS account logged both cases */
  {
    g_auto (DiTestRun) run = { 0 };

    run_docinspect (&run, "cases", "review", "--log", f->db, "1", "--disposition",
                    "confirmed-fraud", NULL);
    g_assert_cmpint (run.status, ==, 2);
    di_test_assert_one_error_line (&run);
    g_assert_nonnull (strstr (run.err, "four eyes"));
  }
  /* a case logged elsewhere can be reviewed from here */
  {
    g_autoptr (DiCaseLog) log = open_log (f->db);

    di_caselog_set_user_for_testing (log, "booth-account");
    other = append_case (log, f->dir, "review", "carol", NULL);
  }
  {
    g_auto (DiTestRun) run = { 0 };
    g_autofree char *id = g_strdup_printf ("%" G_GINT64_FORMAT, other);

    run_docinspect (&run, "cases", "review", "--log", f->db, id, "--disposition", "false-alarm",
                    NULL);
    g_assert_cmpint (run.status, ==, 2);
    g_assert_nonnull (strstr (run.err, "note"));
    g_clear_pointer (&run.out, g_free);
    g_clear_pointer (&run.err, g_free);
    run_docinspect (&run, "cases", "review", "--log", f->db, id, "--disposition", "false-alarm",
                    "--note", "glare on the UV image", NULL);
    g_assert_cmpint (run.status, ==, 0);
  }

  /* exports: private files, logged */
  {
    g_auto (DiTestRun) run = { 0 };

    run_docinspect (&run, "cases", "export", "--log", f->db, "--format", "pdf", "--out", pdf,
                    "1", NULL);
    g_assert_cmpint (run.status, ==, 0);
    assert_private (pdf);
    g_assert_true (g_file_get_contents (pdf, &content, NULL, NULL));
    g_assert_true (g_str_has_prefix (content, "%PDF"));
    g_clear_pointer (&content, g_free);
  }
  {
    g_auto (DiTestRun) run = { 0 };

    run_docinspect (&run, "cases", "export", "--log", f->db, "--format", "csv", "--out", csv,
                    "--officer", "alice", NULL);
    g_assert_cmpint (run.status, ==, 0);
    assert_private (csv);
    g_assert_true (g_file_get_contents (csv, &content, NULL, NULL));
    g_assert_true (g_str_has_prefix (content, "case_id,uid,created_at"));
    g_assert_nonnull (strstr (content, surname));
    g_clear_pointer (&content, g_free);
  }
  {
    g_auto (DiTestRun) run = { 0 };

    run_docinspect (&run, "cases", "export", "--log", f->db, "--format", "json", NULL);
    g_assert_cmpint (run.status, ==, 0);
    g_assert_true (json_parser_load_from_data (parser, run.out, -1, NULL));
    o = json_node_get_object (json_parser_get_root (parser));
    g_assert_cmpuint (json_array_get_length (json_object_get_array_member (o, "cases")), ==, 3);
  }
  g_assert_cmpint (count_events (f->db, "export"), ==, 3);
  {
    g_auto (DiTestRun) run = { 0 };

    run_docinspect (&run, "cases", "stats", "--log", f->db, "--json", "--chart", chart, NULL);
    g_assert_cmpint (run.status, ==, 0);
    assert_private (chart);
    g_assert_true (g_file_get_contents (chart, &content, NULL, NULL));
    g_assert_true (g_str_has_prefix (content, "\x89PNG"));
    g_assert_true (json_parser_load_from_data (parser, run.out, -1, NULL));
    o = json_node_get_object (json_parser_get_root (parser));
    g_assert_cmpint (json_object_get_int_member (o, "cases"), ==, 3);
    g_assert_cmpint (json_object_get_int_member (o, "false_alarms"), ==, 1);
  }
  {
    g_auto (DiTestRun) run = { 0 };

    run_docinspect (&run, "cases", "verify", "--log", f->db, "--json", NULL);
    g_assert_cmpint (run.status, ==, 0);
  }

  /* tampering: exit 1, the location named */
  sql (f->db, "UPDATE cases SET verdict = 'accept' WHERE id = 1");
  {
    g_auto (DiTestRun) run = { 0 };

    run_docinspect (&run, "cases", "verify", "--log", f->db, "--json", NULL);
    g_assert_cmpint (run.status, ==, 1);
    g_assert_true (json_parser_load_from_data (parser, run.out, -1, NULL));
    o = json_node_get_object (json_parser_get_root (parser));
    g_assert_false (json_object_get_boolean_member (o, "intact"));
    o = json_object_get_object_member (o, "problem");
    g_assert_cmpint (json_object_get_int_member (o, "case_id"), ==, 1);
    g_assert_cmpint (json_object_get_int_member (o, "event_id"), ==, 3);
    g_assert_null (strstr (run.out, surname));
  }
}

static void
test_cli_refusals (Fixture      *f,
                   gconstpointer data)
{
  g_autofree char *group = NULL;
  gint64 id;

  g_setenv (DI_CASELOG_GROUP_ENV, NO_GROUP, TRUE);
  {
    g_autoptr (DiCaseLog) log = open_log (f->db);

    di_caselog_set_user_for_testing (log, "booth-account");
    id = append_case (log, f->dir, "review", "alice", NULL);
    g_assert_cmpint (id, ==, 1);
  }
  {
    const char *commands[][8] = {
      { "review", "1", "--disposition", "confirmed-fraud", NULL },
      { "export", "--format", "csv", NULL },
      { "export", "--format", "pdf", "--out", "/nonexistent/x.pdf", "1", NULL },
      { "purge", "--older-than", "0", NULL },
      { "settings", "--supervisor-group", "root", NULL },
    };

    for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
      {
        g_auto (DiTestRun) run = { 0 };

        run_docinspect (&run, "cases", commands[i][0], "--log", f->db, commands[i][1],
                        commands[i][2], commands[i][3], commands[i][4], commands[i][5], NULL);
        g_assert_cmpint (run.status, ==, 2);
        di_test_assert_one_error_line (&run);
        g_assert_nonnull (strstr (run.err, "supervisor rights"));
        g_assert_cmpstr (run.out, ==, "");
        g_assert_null (strstr (run.err, SURNAME));
      }
  }
  g_assert_cmpint (count_events (f->db, "refusal"), ==, 5);
  g_assert_cmpint (count_events (f->db, "export"), ==, 0);
  {
    g_auto (DiTestRun) run = { 0 };

    run_docinspect (&run, "cases", "verify", "--log", f->db, NULL);
    g_assert_cmpint (run.status, ==, 0);
  }
  /* usage errors and missing logs: exit 2, one line */
  {
    const char *commands[][4] = {
      { "show", "--log", "/nonexistent/log.db", "1" },
      { "show", "--log", f->db, "7" },
      { "show", "--log", f->db, "x" },
      { "list", "--log", f->db, "--verdict=maybe" },
      { "review", "--log", f->db, "1" },
      { "purge", "--log", f->db, NULL },
      { "nonsense", NULL, NULL, NULL },
    };

    for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
      {
        g_auto (DiTestRun) run = { 0 };

        run_docinspect (&run, "cases", commands[i][0], commands[i][1], commands[i][2],
                        commands[i][3], NULL);
        g_assert_cmpint (run.status, ==, 2);
        di_test_assert_one_error_line (&run);
      }
  }
  /* the group is a setting of the log: the variable no longer changes it */
  g_setenv (DI_CASELOG_GROUP_ENV, member_group (), TRUE);
  {
    g_autoptr (DiCaseLog) log = open_log (f->db);

    group = di_caselog_get_supervisor_group (log);
    g_assert_cmpstr (group, ==, NO_GROUP);
  }
}

/* The bounds of a period of days, as the command line's --from/--to and the supervisor's
 * view give them to the filter */
static void
test_filter_days (void)
{
  const struct {
    const char *day;
    gboolean    end;
    const char *bound;
  } cases[] = {
    { "2026-12-07", FALSE, "2026-12-07" }, { "2026-12-07", TRUE, "2026-12-08" },
    { "2026-12-31", TRUE, "2027-01-01" }, { "2028-02-28", TRUE, "2028-02-29" },
    { "2026-02-30", FALSE, NULL }, { "2026-12-07x", FALSE, NULL }, { "07.12.2026", TRUE, NULL },
    { "", FALSE, NULL }, { NULL, TRUE, NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *bound = di_case_filter_day (cases[i].day, cases[i].end);

      g_assert_cmpstr (bound, ==, cases[i].bound);
    }
}

int
main (int    argc,
      char **argv)
{
  if (argc == 5 && g_str_equal (argv[1], "--writer"))
    return writer_main (argv[2], argv[3], atoi (argv[4]));

  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add ("/caselog/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("create", test_create);
  ADD ("not-a-log", test_not_a_log);
  ADD ("append-and-list", test_append_and_list);
  ADD ("refusals", test_refusals);
  ADD ("four-eyes", test_four_eyes);
  ADD ("purge", test_purge);
  ADD ("migrate/v1", test_migrate_v1);
  ADD ("migrate/newer", test_migrate_newer);
  ADD ("durability", test_durability);
  ADD ("concurrent", test_concurrent);
  ADD ("cli", test_cli);
  ADD ("cli-refusals", test_cli_refusals);
#undef ADD
  g_test_add_func ("/caselog/filter-days", test_filter_days);
  for (guint i = 0; i < G_N_ELEMENTS (tampers); i++)
    {
      g_autofree char *path = g_strdup_printf ("/caselog/tamper/%s", tampers[i].name);

      g_test_add (path, Fixture, &tampers[i], fixture_set_up, test_tamper, fixture_tear_down);
    }
  return g_test_run ();
}
