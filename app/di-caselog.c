/* di-caselog.c — the case log: schema and migrations, cases, the event chain, verification,
 * supervisor work (review, export, stats, purge)
 *
 * Tables (schema 2):
 *   meta         key → value: supervisor_group, head_id, head_hash
 *   cases        one row per case: anonymous columns (kept by a purge) and the latest
 *                decision and review (a copy of what the events say, for indexed filters;
 *                cases verify compares them)
 *   case_reports the report of a case (personal: a purge deletes it)
 *   case_images  the images of a case by role (white, uv, ir, crop/CHECK, reference/CHECK)
 *   events       the chain: id, case, kind, time, actor, station, data (canonical JSON,
 *                nothing personal), note (free text, removable by a purge) with its digest,
 *                prev_hash, hash
 *
 * The hash of an event is SHA-256 over its predecessor's hash (64 lowercase hex digits, or
 * 64 zeros for the first event) followed by its canonical content: the fields format, id,
 * case, kind, at, actor, station, data, note_sha256, in that order, each written as
 * NAME ":" BYTE-LENGTH ":" VALUE "\n" (README.md, "Case log"). A report or a note enters the
 * chain only through its digest, so a purge removes it and the chain still verifies.
 *
 * Nothing personal goes to stderr or the debug log: messages name case and event ids only.
 */
#define G_LOG_DOMAIN "di-caselog"
#define _POSIX_C_SOURCE 200809L   /* O_CLOEXEC, fsync, getgroups with -std=c17 */

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <grp.h>
#include <pwd.h>
#include <sqlite3.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "di-app.h"
#include "di-caselog.h"
#include "di-caselog-private.h"

#define BUSY_TIMEOUT_MS 5000
#define MAX_IMAGE_BYTES ((gint64) 256 * 1024 * 1024)
#define ZERO_HASH "0000000000000000000000000000000000000000000000000000000000000000"
#define EVENT_FORMAT "docinspect-event-1"
/* image files no case refers to are left for this long: a writer may be about to commit */
#define ORPHAN_AGE_SECONDS 3600

G_DEFINE_AUTOPTR_CLEANUP_FUNC (sqlite3_stmt, sqlite3_finalize)

struct _DiCaseLog {
  sqlite3   *db;
  char      *path;
  char      *images_dir;
  char      *crops_dir;
  char      *user;
  GDateTime *now;
  gboolean   durable;
  int        schema_version;
};

G_DEFINE_QUARK (di-caselog-error-quark, di_caselog_error)

static const char *const decisions[] = { "accepted", "refused", "referred", NULL };
static const char *const dispositions[] = { "confirmed-fraud", "false-alarm", "needs-follow-up",
                                            NULL };

/* --- SQLite helpers --------------------------------------------------------------------- */

static gboolean
db_fail (DiCaseLog  *self,
         GError    **error,
         const char *what)
{
  g_set_error (error, DI_CASELOG_ERROR, DI_CASELOG_ERROR_DATABASE, "%s: %s", what,
               sqlite3_errmsg (self->db));
  return FALSE;
}

static gboolean
db_exec (DiCaseLog  *self,
         const char *sql,
         GError    **error)
{
  if (sqlite3_exec (self->db, sql, NULL, NULL, NULL) != SQLITE_OK)
    return db_fail (self, error, "case log");
  return TRUE;
}

static sqlite3_stmt *
db_prepare (DiCaseLog  *self,
            const char *sql,
            GError    **error)
{
  sqlite3_stmt *stmt = NULL;

  if (sqlite3_prepare_v2 (self->db, sql, -1, &stmt, NULL) != SQLITE_OK)
    {
      db_fail (self, error, "case log");
      return NULL;
    }
  return stmt;
}

static void
bind_text (sqlite3_stmt *stmt,
           int           index,
           const char   *text)
{
  sqlite3_bind_text (stmt, index, text, -1, SQLITE_TRANSIENT);
}

static char *
column_dup (sqlite3_stmt *stmt,
            int           column)
{
  const unsigned char *text = sqlite3_column_text (stmt, column);

  return text != NULL ? g_strdup ((const char *) text) : NULL;
}

static const char *
column_text (sqlite3_stmt *stmt,
             int           column)
{
  return (const char *) sqlite3_column_text (stmt, column);
}

static gboolean
begin (DiCaseLog *self,
       GError   **error)
{
  /* IMMEDIATE: take the write lock now (waiting up to the busy timeout), so that reading
   * the head of the chain and appending to it cannot interleave with another writer */
  return db_exec (self, "BEGIN IMMEDIATE", error);
}

static gboolean
commit (DiCaseLog *self,
        GError   **error)
{
  if (!db_exec (self, "COMMIT", error))
    {
      sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
      return FALSE;
    }
  return TRUE;
}

static void
rollback (DiCaseLog *self)
{
  if (!sqlite3_get_autocommit (self->db))
    sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
}

static gboolean
meta_set (DiCaseLog  *self,
          const char *key,
          const char *value,
          GError    **error)
{
  g_autoptr (sqlite3_stmt) stmt =
    db_prepare (self, "INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", error);

  if (stmt == NULL)
    return FALSE;
  bind_text (stmt, 1, key);
  bind_text (stmt, 2, value);
  if (sqlite3_step (stmt) != SQLITE_DONE)
    return db_fail (self, error, "case log");
  return TRUE;
}

static char *
meta_get (DiCaseLog  *self,
          const char *key)
{
  g_autoptr (sqlite3_stmt) stmt = db_prepare (self, "SELECT value FROM meta WHERE key = ?", NULL);

  if (stmt == NULL)
    return NULL;
  bind_text (stmt, 1, key);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    return NULL;
  return column_dup (stmt, 0);
}

/* --- small helpers ---------------------------------------------------------------------- */

static gboolean
in_list (const char *const *list,
         const char        *value)
{
  return value != NULL && g_strv_contains (list, value);
}

gboolean
di_caselog_decision_is_valid (const char *decision)
{
  return in_list (decisions, decision);
}

gboolean
di_caselog_disposition_is_valid (const char *disposition)
{
  return in_list (dispositions, disposition);
}

static char *
now_text (DiCaseLog *self)
{
  g_autoptr (GDateTime) now = self->now != NULL ? g_date_time_to_utc (self->now)
                                                : g_date_time_new_now_utc ();

  return g_date_time_format (now, "%Y-%m-%dT%H:%M:%S.%fZ");
}

static char *
sha256_of (const char *text)
{
  return g_compute_checksum_for_string (G_CHECKSUM_SHA256, text, -1);
}

static char *
builder_text (JsonBuilder *b)
{
  g_autoptr (JsonNode) root = json_builder_get_root (b);

  return json_to_string (root, FALSE);
}

static void
add_int (JsonBuilder *b,
         const char  *name,
         gint64       value)
{
  json_builder_set_member_name (b, name);
  json_builder_add_int_value (b, value);
}

/* The object of a JSON text, in @parser; NULL when it is not one. */
static JsonObject *
parse_object (JsonParser *parser,
              const char *text)
{
  JsonNode *root;

  if (text == NULL || !json_parser_load_from_data (parser, text, -1, NULL))
    return NULL;
  root = json_parser_get_root (parser);
  return root != NULL && JSON_NODE_HOLDS_OBJECT (root) ? json_node_get_object (root) : NULL;
}

/* --- identity and roles ----------------------------------------------------------------- */

/**
 * di_caselog_os_user:
 *
 * Returns: the name of the effective user of the process (not an option: the reviewer of a
 *   case is who runs the command, so that four eyes cannot be bypassed)
 */
const char *
di_caselog_os_user (void)
{
  static char *user;
  static gsize once;

  if (g_once_init_enter (&once))
    {
      struct passwd *pw = getpwuid (geteuid ());

      user = pw != NULL && pw->pw_name != NULL ? g_strdup (pw->pw_name)
                                               : g_strdup_printf ("uid-%u", (guint) geteuid ());
      g_once_init_leave (&once, 1);
    }
  return user;
}

static gboolean
in_group (const char *group,
          const char *user)
{
  struct group *gr = getgrnam (group);
  int n;

  if (gr == NULL)
    return FALSE;
  if (getegid () == gr->gr_gid)
    return TRUE;
  n = getgroups (0, NULL);
  if (n > 0)
    {
      g_autofree gid_t *gids = g_new (gid_t, n);

      n = getgroups (n, gids);
      for (int i = 0; i < n; i++)
        if (gids[i] == gr->gr_gid)
          return TRUE;
    }
  /* listed in the group database, even if this login session predates it */
  for (char **member = gr->gr_mem; member != NULL && *member != NULL; member++)
    if (g_str_equal (*member, user))
      return TRUE;
  return FALSE;
}

char *
di_caselog_get_supervisor_group (DiCaseLog *self)
{
  char *group = meta_get (self, "supervisor_group");

  return group != NULL ? group : g_strdup (DI_CASELOG_DEFAULT_SUPERVISOR_GROUP);
}

/**
 * di_caselog_is_supervisor:
 * @self: a log
 *
 * Returns: whether the process (its effective, supplementary or listed groups) is a member
 *   of the log's supervisor group
 */
gboolean
di_caselog_is_supervisor (DiCaseLog *self)
{
  g_autofree char *group = di_caselog_get_supervisor_group (self);

  return in_group (group, di_caselog_os_user ());
}

/* --- the chain -------------------------------------------------------------------------- */

static void
put_field (GChecksum  *sum,
           const char *name,
           const char *value)
{
  g_autofree char *head = NULL;

  if (value == NULL)
    value = "";
  head = g_strdup_printf ("%s:%zu:", name, strlen (value));
  g_checksum_update (sum, (const guchar *) head, -1);
  g_checksum_update (sum, (const guchar *) value, strlen (value));
  g_checksum_update (sum, (const guchar *) "\n", 1);
}

/* SHA-256 (prev_hash || canonical content); see the top of this file. */
static char *
event_hash (const DiCaseEvent *e,
            const char        *note_sha256)
{
  g_autoptr (GChecksum) sum = g_checksum_new (G_CHECKSUM_SHA256);
  char id[32], case_id[32] = "";

  g_snprintf (id, sizeof id, "%" G_GINT64_FORMAT, e->id);
  if (e->case_id > 0)
    g_snprintf (case_id, sizeof case_id, "%" G_GINT64_FORMAT, e->case_id);
  g_checksum_update (sum, (const guchar *) e->prev_hash, strlen (e->prev_hash));
  put_field (sum, "format", EVENT_FORMAT);
  put_field (sum, "id", id);
  put_field (sum, "case", case_id);
  put_field (sum, "kind", e->kind);
  put_field (sum, "at", e->at);
  put_field (sum, "actor", e->actor);
  put_field (sum, "station", e->station);
  put_field (sum, "data", e->data);
  put_field (sum, "note_sha256", note_sha256);
  return g_strdup (g_checksum_get_string (sum));
}

/* Appends an event to the chain; inside a write transaction. Returns its id, 0 on error. */
static gint64
append_event (DiCaseLog  *self,
              gint64      case_id,
              const char *kind,
              const char *at,
              const char *station,
              const char *data,
              const char *note,
              GError    **error)
{
  g_autoptr (sqlite3_stmt) last = db_prepare (self, "SELECT id, hash FROM events "
                                                    "ORDER BY id DESC LIMIT 1", error);
  g_autoptr (sqlite3_stmt) insert = NULL;
  g_autofree char *prev_hash = NULL, *note_sha256 = NULL, *hash = NULL, *id_text = NULL;
  DiCaseEvent e = { 0 };
  int rc;

  if (last == NULL)
    return 0;
  rc = sqlite3_step (last);
  if (rc == SQLITE_ROW)
    {
      e.id = sqlite3_column_int64 (last, 0) + 1;
      prev_hash = column_dup (last, 1);
    }
  else if (rc == SQLITE_DONE)
    {
      e.id = 1;
      prev_hash = g_strdup (ZERO_HASH);
    }
  else
    return db_fail (self, error, "case log"), 0;

  note_sha256 = note != NULL ? sha256_of (note) : NULL;
  e.case_id = case_id;
  e.kind = (char *) kind;
  e.at = (char *) at;
  e.actor = self->user;
  e.station = (char *) station;
  e.data = (char *) data;
  e.prev_hash = prev_hash;
  hash = event_hash (&e, note_sha256);

  insert = db_prepare (self, "INSERT INTO events (id, case_id, kind, at, actor, station, data, "
                             "note, note_sha256, prev_hash, hash) "
                             "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", error);
  if (insert == NULL)
    return 0;
  sqlite3_bind_int64 (insert, 1, e.id);
  if (case_id > 0)
    sqlite3_bind_int64 (insert, 2, case_id);
  bind_text (insert, 3, kind);
  bind_text (insert, 4, at);
  bind_text (insert, 5, self->user);
  bind_text (insert, 6, station);
  bind_text (insert, 7, data);
  bind_text (insert, 8, note);
  bind_text (insert, 9, note_sha256);
  bind_text (insert, 10, prev_hash);
  bind_text (insert, 11, hash);
  if (sqlite3_step (insert) != SQLITE_DONE)
    return db_fail (self, error, "case log"), 0;

  id_text = g_strdup_printf ("%" G_GINT64_FORMAT, e.id);
  if (!meta_set (self, "head_id", id_text, error) || !meta_set (self, "head_hash", hash, error))
    return 0;
  return e.id;
}

/* Logs a refusal in a transaction of its own; a log that cannot take it still refuses. */
static void
log_refusal (DiCaseLog  *self,
             const char *action,
             gint64      case_id,
             const char *reason)
{
  g_autoptr (JsonBuilder) b = json_builder_new ();
  g_autofree char *data = NULL, *at = NULL;
  g_autofree char *group = di_caselog_get_supervisor_group (self);

  rollback (self);
  json_builder_begin_object (b);
  di_json_add_string (b, "action", action);
  if (case_id > 0)
    add_int (b, "case_id", case_id);
  if (g_str_equal (reason, "not_supervisor"))
    di_json_add_string (b, "group", group);
  di_json_add_string (b, "reason", reason);
  json_builder_end_object (b);
  data = builder_text (b);

  if (!begin (self, NULL))
    return;
  at = now_text (self);
  /* not tied to the case: a refusal may name a case that does not exist */
  if (append_event (self, 0, "refusal", at, g_get_host_name (), data, NULL, NULL) == 0)
    rollback (self);
  else
    commit (self, NULL);
}

gboolean
di_caselog_authorize (DiCaseLog  *self,
                      const char *action,
                      gint64      case_id,
                      GError    **error)
{
  g_autofree char *group = NULL;

  if (di_caselog_is_supervisor (self))
    return TRUE;
  group = di_caselog_get_supervisor_group (self);
  log_refusal (self, action, case_id, "not_supervisor");
  g_set_error (error, DI_CASELOG_ERROR, DI_CASELOG_ERROR_REFUSED,
               "%s needs supervisor rights: user %s is not in the group '%s' (refusal logged)",
               action, di_caselog_os_user (), group);
  return FALSE;
}

/* --- schema ----------------------------------------------------------------------------- */

static const char schema_v1[] =
  "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);"
  "CREATE TABLE cases ("
  "  id INTEGER PRIMARY KEY,"
  "  uid TEXT NOT NULL UNIQUE,"
  "  created_at TEXT NOT NULL,"
  "  station TEXT NOT NULL,"
  "  officer TEXT NOT NULL,"
  "  template TEXT,"
  "  verdict TEXT NOT NULL,"
  "  failed_checks TEXT NOT NULL,"
  "  report TEXT);"
  "CREATE TABLE case_images ("
  "  case_id INTEGER NOT NULL,"
  "  role TEXT NOT NULL,"
  "  sha256 TEXT NOT NULL,"
  "  bytes INTEGER NOT NULL,"
  "  PRIMARY KEY (case_id, role));"
  "CREATE INDEX case_images_sha256 ON case_images (sha256);"
  "CREATE TABLE events ("
  "  id INTEGER PRIMARY KEY,"
  "  case_id INTEGER,"
  "  kind TEXT NOT NULL,"
  "  at TEXT NOT NULL,"
  "  actor TEXT NOT NULL,"
  "  station TEXT NOT NULL,"
  "  data TEXT NOT NULL,"
  "  note TEXT,"
  "  note_sha256 TEXT,"
  "  prev_hash TEXT NOT NULL,"
  "  hash TEXT NOT NULL);"
  "CREATE INDEX events_case ON events (case_id);";

/* Schema 2 keeps the latest decision and review on the case row, so that `cases list`
 * filters a large log through indexes instead of scanning the events, and moves the reports
 * to a table of their own: columns after a large report cost a walk through its overflow
 * pages on every row listed. */
static const char schema_v2[] =
  "CREATE TABLE case_reports (case_id INTEGER PRIMARY KEY, report TEXT NOT NULL);"
  "INSERT INTO case_reports (case_id, report) SELECT id, report FROM cases "
  "  WHERE report IS NOT NULL;"
  "ALTER TABLE cases DROP COLUMN report;"
  "ALTER TABLE cases ADD COLUMN decision TEXT;"
  "ALTER TABLE cases ADD COLUMN decided_by TEXT;"
  "ALTER TABLE cases ADD COLUMN decided_at TEXT;"
  "ALTER TABLE cases ADD COLUMN disposition TEXT;"
  "ALTER TABLE cases ADD COLUMN reviewed_by TEXT;"
  "ALTER TABLE cases ADD COLUMN reviewed_at TEXT;"
  "ALTER TABLE cases ADD COLUMN purged_at TEXT;"
  "CREATE INDEX cases_created_at ON cases (created_at);"
  "CREATE INDEX cases_officer ON cases (officer, created_at);"
  "CREATE INDEX cases_station ON cases (station, created_at);"
  "CREATE INDEX cases_disposition ON cases (disposition, created_at);";

/* Schema 1 → 2: the new columns from the events, latest last. */
static gboolean
fill_v2 (DiCaseLog *self,
         GError   **error)
{
  g_autoptr (sqlite3_stmt) events =
    db_prepare (self, "SELECT case_id, kind, at, actor, data FROM events "
                      "WHERE kind IN ('decision', 'review', 'purge') AND case_id IS NOT NULL "
                      "ORDER BY id", error);
  g_autoptr (JsonParser) parser = json_parser_new ();
  int rc;

  if (events == NULL)
    return FALSE;
  while ((rc = sqlite3_step (events)) == SQLITE_ROW)
    {
      const char *kind = column_text (events, 1), *at = column_text (events, 2);
      JsonObject *data = parse_object (parser, column_text (events, 4));
      g_autoptr (sqlite3_stmt) update = NULL;
      const char *value = NULL, *by = NULL;

      if (g_str_equal (kind, "decision"))
        {
          update = db_prepare (self, "UPDATE cases SET decision = ?1, decided_by = ?2, "
                                     "decided_at = ?3 WHERE id = ?4", error);
          value = di_json_member_string (data, "decision");
          by = di_json_member_string (data, "officer");
        }
      else if (g_str_equal (kind, "review"))
        {
          update = db_prepare (self, "UPDATE cases SET disposition = ?1, reviewed_by = ?2, "
                                     "reviewed_at = ?3 WHERE id = ?4", error);
          value = di_json_member_string (data, "disposition");
          by = column_text (events, 3);
        }
      else
        update = db_prepare (self, "UPDATE cases SET purged_at = ?3 WHERE id = ?4", error);
      if (update == NULL)
        return FALSE;
      if (value != NULL)
        bind_text (update, 1, value);
      if (by != NULL)
        bind_text (update, 2, by);
      bind_text (update, 3, at);
      sqlite3_bind_int64 (update, 4, sqlite3_column_int64 (events, 0));
      if (sqlite3_step (update) != SQLITE_DONE)
        return db_fail (self, error, "case log: migrating to schema 2");
    }
  if (rc != SQLITE_DONE)
    return db_fail (self, error, "case log: migrating to schema 2");
  return TRUE;
}

static const struct {
  int         version;
  const char *sql;
  gboolean  (*fill) (DiCaseLog *self, GError **error);
} migrations[] = {
  { 1, schema_v1, NULL },
  { 2, schema_v2, fill_v2 },
};

G_STATIC_ASSERT (G_N_ELEMENTS (migrations) == DI_CASELOG_SCHEMA_VERSION);

static int
user_version (DiCaseLog *self,
              GError   **error)
{
  g_autoptr (sqlite3_stmt) stmt = db_prepare (self, "PRAGMA user_version", error);

  if (stmt == NULL)
    return -1;
  if (sqlite3_step (stmt) != SQLITE_ROW)
    return db_fail (self, error, "case log"), -1;
  return sqlite3_column_int (stmt, 0);
}

static gboolean
set_user_version (DiCaseLog *self,
                  int        version,
                  GError   **error)
{
  g_autofree char *sql = g_strdup_printf ("PRAGMA user_version = %d", version);

  return db_exec (self, sql, error);
}

static gboolean
migrate (DiCaseLog *self,
         int        from,
         GError   **error)
{
  for (guint i = 0; i < G_N_ELEMENTS (migrations); i++)
    if (migrations[i].version > from)
      {
        if (!db_exec (self, migrations[i].sql, error))
          return FALSE;
        if (migrations[i].fill != NULL && !migrations[i].fill (self, error))
          return FALSE;
      }
  return set_user_version (self, DI_CASELOG_SCHEMA_VERSION, error);
}

static gboolean
init_schema (DiCaseLog *self,
             GError   **error)
{
  g_autoptr (JsonBuilder) b = json_builder_new ();
  g_autofree char *data = NULL, *at = NULL;
  int version;

  /* the usual case, without taking the write lock: a log of this schema */
  version = user_version (self, error);
  if (version < 0)
    return FALSE;
  if (version == DI_CASELOG_SCHEMA_VERSION)
    {
      self->schema_version = version;
      return TRUE;
    }
  if (!begin (self, error))
    return FALSE;
  version = user_version (self, error);
  if (version < 0)
    goto fail;
  if (version > DI_CASELOG_SCHEMA_VERSION)
    {
      g_set_error (error, DI_CASELOG_ERROR, DI_CASELOG_ERROR_VERSION,
                   "the case log %s has schema %d; this DocInspect reads up to schema %d",
                   self->path, version, DI_CASELOG_SCHEMA_VERSION);
      goto fail;
    }
  if (version == DI_CASELOG_SCHEMA_VERSION)
    {
      rollback (self);
      self->schema_version = version;
      return TRUE;
    }

  at = now_text (self);
  json_builder_begin_object (b);
  if (version == 0)
    {
      g_autoptr (sqlite3_stmt) count = db_prepare (self, "SELECT count(*) FROM sqlite_master",
                                                   error);
      const char *env = g_getenv (DI_CASELOG_GROUP_ENV);
      const char *group = env != NULL && *env != '\0' ? env
                                                      : DI_CASELOG_DEFAULT_SUPERVISOR_GROUP;

      if (count == NULL || sqlite3_step (count) != SQLITE_ROW)
        goto fail;
      if (sqlite3_column_int (count, 0) != 0)
        {
          g_set_error (error, DI_CASELOG_ERROR, DI_CASELOG_ERROR_OPEN,
                       "%s is an SQLite database but not a case log", self->path);
          goto fail;
        }
      if (!migrate (self, 0, error) || !meta_set (self, "supervisor_group", group, error))
        goto fail;
      add_int (b, "schema", DI_CASELOG_SCHEMA_VERSION);
      di_json_add_string (b, "supervisor_group", group);
      json_builder_end_object (b);
      data = builder_text (b);
      if (append_event (self, 0, "create", at, g_get_host_name (), data, NULL, error) == 0)
        goto fail;
    }
  else
    {
      if (!migrate (self, version, error))
        goto fail;
      add_int (b, "from", version);
      add_int (b, "to", DI_CASELOG_SCHEMA_VERSION);
      json_builder_end_object (b);
      data = builder_text (b);
      if (append_event (self, 0, "migrate", at, g_get_host_name (), data, NULL, error) == 0)
        goto fail;
    }
  if (!commit (self, error))
    return FALSE;
  self->schema_version = DI_CASELOG_SCHEMA_VERSION;
  return TRUE;

fail:
  rollback (self);
  return FALSE;
}

/* --- opening ---------------------------------------------------------------------------- */

static gboolean
apply_pragmas (DiCaseLog *self,
               GError   **error)
{
  g_autoptr (sqlite3_stmt) wal = NULL;
  const char *mode;

  sqlite3_busy_timeout (self->db, BUSY_TIMEOUT_MS);
  wal = db_prepare (self, "PRAGMA journal_mode = WAL", error);
  if (wal == NULL)
    return FALSE;
  if (sqlite3_step (wal) != SQLITE_ROW)
    return db_fail (self, error, self->path);
  mode = column_text (wal, 0);
  if (mode == NULL || g_ascii_strcasecmp (mode, "wal") != 0)
    {
      g_set_error (error, DI_CASELOG_ERROR, DI_CASELOG_ERROR_OPEN,
                   "%s: cannot switch the case log to WAL mode", self->path);
      return FALSE;
    }
  /* FULL: a committed case survives a power cut, not only a killed process; secure_delete:
   * a purge overwrites what it deletes */
  return db_exec (self, "PRAGMA synchronous = FULL; PRAGMA secure_delete = ON;", error);
}

/**
 * di_caselog_open:
 * @path: the database file
 * @error: return location for a #GError
 *
 * Opens the case log at @path, creating it when missing: the file 0600 (SQLite gives its
 * -wal and -shm files the same mode), the images folder `PATH.images` 0700. A log of an older
 * schema is migrated in one transaction, with a `migrate` event.
 *
 * Returns: (transfer full): the log, or %NULL with @error
 */
DiCaseLog *
di_caselog_open (const char *path,
                 GError    **error)
{
  g_autoptr (DiCaseLog) self = g_new0 (DiCaseLog, 1);
  g_autoptr (GError) local = NULL;
  int fd;

  g_return_val_if_fail (path != NULL, NULL);

  self->path = g_strdup (path);
  self->images_dir = g_strconcat (path, ".images", NULL);
  self->user = g_strdup (di_caselog_os_user ());
  self->durable = TRUE;

  fd = g_open (path, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd >= 0)
    close (fd);
  else if (errno != EEXIST)
    {
      int saved = errno;

      g_set_error (error, DI_CASELOG_ERROR, DI_CASELOG_ERROR_OPEN,
                   "cannot create the case log %s: %s", path, g_strerror (saved));
      return NULL;
    }
  if (sqlite3_open_v2 (path, &self->db, SQLITE_OPEN_READWRITE, NULL) != SQLITE_OK)
    {
      g_set_error (error, DI_CASELOG_ERROR, DI_CASELOG_ERROR_OPEN,
                   "cannot open the case log %s: %s", path,
                   self->db != NULL ? sqlite3_errmsg (self->db) : "out of memory");
      return NULL;
    }
  if (!apply_pragmas (self, &local) || !init_schema (self, &local))
    {
      if (local->code == DI_CASELOG_ERROR_DATABASE)
        g_set_error (error, DI_CASELOG_ERROR, DI_CASELOG_ERROR_OPEN,
                     "cannot open the case log %s: %s", path, sqlite3_errmsg (self->db));
      else
        g_propagate_error (error, g_steal_pointer (&local));
      return NULL;
    }
  if (g_mkdir (self->images_dir, 0700) != 0 && errno != EEXIST)
    {
      int saved = errno;

      g_set_error (error, DI_CASELOG_ERROR, DI_CASELOG_ERROR_OPEN,
                   "cannot create the images folder %s: %s", self->images_dir,
                   g_strerror (saved));
      return NULL;
    }
  return g_steal_pointer (&self);
}

static void
remove_folder (const char *path)
{
  g_autoptr (GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *file = g_build_filename (path, name, NULL);

      g_unlink (file);
    }
  g_rmdir (path);
}

const char *
di_caselog_get_crops_dir (DiCaseLog *self)
{
  if (self->crops_dir == NULL)
    {
      g_autofree char *tmp = g_build_filename (self->images_dir, "crops-XXXXXX", NULL);

      if (g_mkdtemp_full (tmp, 0700) != NULL)
        self->crops_dir = g_steal_pointer (&tmp);
    }
  return self->crops_dir;
}

void
di_caselog_free (DiCaseLog *self)
{
  if (self == NULL)
    return;
  if (self->crops_dir != NULL)
    remove_folder (self->crops_dir);
  g_free (self->crops_dir);
  if (self->db != NULL)
    sqlite3_close (self->db);
  g_free (self->path);
  g_free (self->images_dir);
  g_free (self->user);
  g_clear_pointer (&self->now, g_date_time_unref);
  g_free (self);
}

const char *
di_caselog_get_path (DiCaseLog *self)
{
  return self->path;
}

const char *
di_caselog_get_images_dir (DiCaseLog *self)
{
  return self->images_dir;
}

int
di_caselog_get_schema_version (DiCaseLog *self)
{
  return self->schema_version;
}

void
di_caselog_set_user_for_testing (DiCaseLog  *self,
                                 const char *user)
{
  g_free (self->user);
  self->user = g_strdup (user != NULL ? user : di_caselog_os_user ());
}

void
di_caselog_set_now_for_testing (DiCaseLog *self,
                                GDateTime *now)
{
  g_clear_pointer (&self->now, g_date_time_unref);
  if (now != NULL)
    self->now = g_date_time_ref (now);
}

/**
 * di_caselog_set_durable:
 * @self: a log
 * @durable: %FALSE to skip fsync (for building benchmark logs only)
 */
void
di_caselog_set_durable (DiCaseLog *self,
                        gboolean   durable)
{
  self->durable = durable;
  sqlite3_exec (self->db, durable ? "PRAGMA synchronous = FULL" : "PRAGMA synchronous = OFF",
                NULL, NULL, NULL);
}

/* --- images ----------------------------------------------------------------------------- */

static char *
image_path (DiCaseLog  *self,
            const char *sha256)
{
  char dir[3] = { sha256[0], sha256[1], '\0' };

  return g_build_filename (self->images_dir, dir, sha256 + 2, NULL);
}

static gboolean
write_all (int           fd,
           const guint8 *data,
           gsize         len)
{
  while (len > 0)
    {
      gssize n = write (fd, data, len);

      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        return FALSE;
      data += n;
      len -= n;
    }
  return TRUE;
}

static void
sync_dir (const char *dir)
{
  int fd = g_open (dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC, 0);

  if (fd >= 0)
    {
      fsync (fd);
      close (fd);
    }
}

/* Stores a file by its SHA-256 (once: a file already there is kept). */
static gboolean
store_image (DiCaseLog  *self,
             const char *path,
             char      **sha256_out,
             gint64     *bytes_out,
             GError    **error)
{
  g_autoptr (GMappedFile) map = NULL;
  g_autoptr (GError) local = NULL;
  g_autofree char *sha256 = NULL, *dest = NULL, *dir = NULL, *tmp = NULL;
  const guint8 *data;
  gsize len;
  int fd;

  map = g_mapped_file_new (path, FALSE, &local);
  if (map == NULL)
    {
      g_set_error (error, DI_CASELOG_ERROR, DI_CASELOG_ERROR_IMAGE, "cannot read the image %s: %s",
                   path, local->message);
      return FALSE;
    }
  len = g_mapped_file_get_length (map);
  data = (const guint8 *) g_mapped_file_get_contents (map);
  if ((gint64) len > MAX_IMAGE_BYTES)
    {
      g_set_error (error, DI_CASELOG_ERROR, DI_CASELOG_ERROR_IMAGE,
                   "the image %s is larger than %" G_GINT64_FORMAT " bytes", path,
                   MAX_IMAGE_BYTES);
      return FALSE;
    }
  sha256 = g_compute_checksum_for_data (G_CHECKSUM_SHA256, len > 0 ? data : (const guint8 *) "",
                                        len);
  dest = image_path (self, sha256);
  *bytes_out = len;
  if (g_file_test (dest, G_FILE_TEST_EXISTS))
    {
      *sha256_out = g_steal_pointer (&sha256);
      return TRUE;
    }
  dir = g_path_get_dirname (dest);
  if (g_mkdir (dir, 0700) != 0 && errno != EEXIST)
    goto io_error;
  tmp = g_strconcat (dest, ".tmp-XXXXXX", NULL);
  fd = g_mkstemp_full (tmp, O_WRONLY | O_CLOEXEC, 0600);
  if (fd < 0)
    goto io_error;
  if (!write_all (fd, data, len) || (self->durable && fsync (fd) != 0))
    {
      int saved = errno;

      close (fd);
      g_unlink (tmp);
      errno = saved;
      goto io_error;
    }
  close (fd);
  if (g_rename (tmp, dest) != 0)
    {
      int saved = errno;

      g_unlink (tmp);
      errno = saved;
      goto io_error;
    }
  if (self->durable)
    sync_dir (dir);
  *sha256_out = g_steal_pointer (&sha256);
  return TRUE;

io_error:
  {
    int saved = errno;

    g_set_error (error, DI_CASELOG_ERROR, DI_CASELOG_ERROR_IMAGE,
                 "cannot store an image in %s: %s", self->images_dir, g_strerror (saved));
    return FALSE;
  }
}

/* --- appending cases -------------------------------------------------------------------- */

typedef struct {
  char   *role;
  char   *path;      /* the file given; NULL once stored */
  char   *sha256;
  gint64  bytes;
} StoredImage;

static void
stored_image_free (gpointer data)
{
  StoredImage *image = data;

  g_free (image->role);
  g_free (image->path);
  g_free (image->sha256);
  g_free (image);
}

static int
compare_roles (gconstpointer a,
               gconstpointer b)
{
  const StoredImage *x = *(StoredImage *const *) a, *y = *(StoredImage *const *) b;

  return strcmp (x->role, y->role);
}

static void
add_image (GPtrArray  *images,
           const char *role,
           const char *path)
{
  StoredImage *image = g_new0 (StoredImage, 1);

  for (guint i = 0; i < images->len; i++)
    if (g_str_equal (((StoredImage *) images->pdata[i])->role, role))
      {
        g_free (image);
        return;
      }
  image->role = g_strdup (role);
  image->path = g_strdup (path);
  g_ptr_array_add (images, image);
}

static gboolean
text_is_valid (const char *text)
{
  if (text == NULL || *text == '\0' || !g_utf8_validate (text, -1, NULL))
    return FALSE;
  for (const char *p = text; *p != '\0'; p++)
    if (g_ascii_iscntrl (*p))
      return FALSE;
  return TRUE;
}

/* Appends the event @kind with @data and @note to case @case_id, then sets the three columns
 * of @update_sql (the outcome, by whom, when) to @value, @actor and @at. */
static gboolean
log_outcome (DiCaseLog  *self,
             gint64      case_id,
             const char *kind,
             const char *at,
             const char *station,
             const char *data,
             const char *note,
             const char *update_sql,
             const char *value,
             const char *actor,
             GError    **error)
{
  g_autoptr (sqlite3_stmt) update = NULL;

  if (append_event (self, case_id, kind, at, station, data, note, error) == 0)
    return FALSE;
  update = db_prepare (self, update_sql, error);
  if (update == NULL)
    return FALSE;
  bind_text (update, 1, value);
  bind_text (update, 2, actor);
  bind_text (update, 3, at);
  sqlite3_bind_int64 (update, 4, case_id);
  if (sqlite3_step (update) != SQLITE_DONE)
    return db_fail (self, error, "case log");
  return TRUE;
}

static gboolean
record_decision (DiCaseLog  *self,
                 gint64      case_id,
                 const char *decision,
                 const char *officer,
                 const char *note,
                 const char *at,
                 const char *station,
                 GError    **error)
{
  g_autoptr (JsonBuilder) b = json_builder_new ();
  g_autofree char *data = NULL;

  json_builder_begin_object (b);
  di_json_add_string (b, "decision", decision);
  di_json_add_string (b, "officer", officer);
  json_builder_end_object (b);
  data = builder_text (b);
  return log_outcome (self, case_id, "decision", at, station, data, note,
                      "UPDATE cases SET decision = ?, decided_by = ?, decided_at = ? WHERE id = ?",
                      decision, officer, error);
}

/**
 * di_caselog_append:
 * @self: a log
 * @input: the report, the images, who and where
 * @error: return location for a #GError
 *
 * Stores the images of the scan set and the crops its report names (outside the
 * transaction: a file no case refers to is harmless), then, in one transaction, the case
 * row, its image rows, a `capture` event (images, officer), a `result` event (verdict,
 * template, failed checks, digest of the report) and, if given, a `decision` event.
 *
 * Returns: the id of the case, 0 on error
 */
gint64
di_caselog_append (DiCaseLog         *self,
                   const DiCaseInput *input,
                   GError           **error)
{
  g_autoptr (JsonParser) parser = json_parser_new ();
  g_autoptr (GPtrArray) images = g_ptr_array_new_with_free_func (stored_image_free);
  g_autoptr (GPtrArray) failed = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (JsonBuilder) capture = json_builder_new ();
  g_autoptr (JsonBuilder) result = json_builder_new ();
  g_autoptr (sqlite3_stmt) insert = NULL;
  g_autofree char *failed_text = NULL, *report_sha256 = NULL, *at = NULL, *uid = NULL;
  g_autofree char *capture_data = NULL, *result_data = NULL;
  const char *officer, *station, *verdict, *template_id;
  JsonObject *report;
  JsonArray *checks;
  gint64 case_id;

  g_return_val_if_fail (self != NULL && input != NULL, 0);

  officer = input->officer != NULL ? input->officer : self->user;
  station = input->station != NULL ? input->station : g_get_host_name ();
  if (!text_is_valid (officer) || !text_is_valid (station))
    {
      g_set_error_literal (error, DI_CASELOG_ERROR, DI_CASELOG_ERROR_INVALID,
                           "the officer and station ids must be non-empty text on one line");
      return 0;
    }
  if (input->decision != NULL && !di_caselog_decision_is_valid (input->decision))
    {
      g_set_error_literal (error, DI_CASELOG_ERROR, DI_CASELOG_ERROR_INVALID,
                           "the decision is accepted, refused or referred");
      return 0;
    }
  report = parse_object (parser, input->report_json);
  verdict = di_json_member_string (report, "verdict");
  if (report == NULL || verdict == NULL ||
      !(g_str_equal (verdict, "accept") || g_str_equal (verdict, "review") ||
        g_str_equal (verdict, "reject")))
    {
      g_set_error_literal (error, DI_CASELOG_ERROR, DI_CASELOG_ERROR_INVALID,
                           "the report is not an inspection report (no verdict)");
      return 0;
    }
  template_id = di_json_member_string (report, "template");

  for (DiLight light = 0; light < DI_N_LIGHTS; light++)
    if (input->images[light] != NULL)
      add_image (images, di_light_to_string (light), input->images[light]);
  checks = di_json_member_array (report, "checks");
  for (guint i = 0; checks != NULL && i < json_array_get_length (checks); i++)
    {
      JsonNode *node = json_array_get_element (checks, i);
      JsonObject *check = JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
      const char *id = di_json_member_string (check, "id");
      const char *status = di_json_member_string (check, "status");
      const char *crop = di_json_member_string (check, "crop");
      const char *reference = di_json_member_string (check, "reference_crop");

      if (id == NULL)
        continue;
      if (g_strcmp0 (status, "fail") == 0)
        g_ptr_array_add (failed, g_strdup (id));
      /* crops are extras: one that is gone is not stored */
      if (crop != NULL && g_file_test (crop, G_FILE_TEST_IS_REGULAR))
        {
          g_autofree char *role = g_strconcat ("crop/", id, NULL);

          add_image (images, role, crop);
        }
      if (reference != NULL && g_file_test (reference, G_FILE_TEST_IS_REGULAR))
        {
          g_autofree char *role = g_strconcat ("reference/", id, NULL);

          add_image (images, role, reference);
        }
    }
  g_ptr_array_add (failed, NULL);
  failed_text = g_strjoinv (" ", (char **) failed->pdata);
  g_ptr_array_sort (images, compare_roles);
  for (guint i = 0; i < images->len; i++)
    {
      StoredImage *image = images->pdata[i];

      if (!store_image (self, image->path, &image->sha256, &image->bytes, error))
        return 0;
    }

  report_sha256 = sha256_of (input->report_json);
  uid = g_uuid_string_random ();

  json_builder_begin_object (capture);
  json_builder_set_member_name (capture, "images");
  json_builder_begin_object (capture);
  for (guint i = 0; i < images->len; i++)
    {
      StoredImage *image = images->pdata[i];

      json_builder_set_member_name (capture, image->role);
      json_builder_begin_object (capture);
      add_int (capture, "bytes", image->bytes);
      di_json_add_string (capture, "sha256", image->sha256);
      json_builder_end_object (capture);
    }
  json_builder_end_object (capture);
  di_json_add_string (capture, "officer", officer);
  di_json_add_string (capture, "uid", uid);
  json_builder_end_object (capture);
  capture_data = builder_text (capture);

  json_builder_begin_object (result);
  json_builder_set_member_name (result, "failed_checks");
  json_builder_begin_array (result);
  for (guint i = 0; failed->pdata[i] != NULL; i++)
    json_builder_add_string_value (result, failed->pdata[i]);
  json_builder_end_array (result);
  di_json_add_string (result, "report_sha256", report_sha256);
  di_json_add_string (result, "template", template_id);
  di_json_add_string (result, "verdict", verdict);
  json_builder_end_object (result);
  result_data = builder_text (result);

  if (!begin (self, error))
    return 0;
  at = now_text (self);
  insert = db_prepare (self, "INSERT INTO cases (uid, created_at, station, officer, template, "
                             "verdict, failed_checks) VALUES (?, ?, ?, ?, ?, ?, ?)", error);
  if (insert == NULL)
    goto fail;
  bind_text (insert, 1, uid);
  bind_text (insert, 2, at);
  bind_text (insert, 3, station);
  bind_text (insert, 4, officer);
  bind_text (insert, 5, template_id);
  bind_text (insert, 6, verdict);
  bind_text (insert, 7, failed_text);
  if (sqlite3_step (insert) != SQLITE_DONE)
    {
      db_fail (self, error, "case log");
      goto fail;
    }
  case_id = sqlite3_last_insert_rowid (self->db);
  g_clear_pointer (&insert, sqlite3_finalize);
  insert = db_prepare (self, "INSERT INTO case_reports (case_id, report) VALUES (?, ?)", error);
  if (insert == NULL)
    goto fail;
  sqlite3_bind_int64 (insert, 1, case_id);
  bind_text (insert, 2, input->report_json);
  if (sqlite3_step (insert) != SQLITE_DONE)
    {
      db_fail (self, error, "case log");
      goto fail;
    }

  for (guint i = 0; i < images->len; i++)
    {
      StoredImage *image = images->pdata[i];
      g_autoptr (sqlite3_stmt) row =
        db_prepare (self, "INSERT INTO case_images (case_id, role, sha256, bytes) "
                          "VALUES (?, ?, ?, ?)", error);

      if (row == NULL)
        goto fail;
      sqlite3_bind_int64 (row, 1, case_id);
      bind_text (row, 2, image->role);
      bind_text (row, 3, image->sha256);
      sqlite3_bind_int64 (row, 4, image->bytes);
      if (sqlite3_step (row) != SQLITE_DONE)
        {
          db_fail (self, error, "case log");
          goto fail;
        }
    }
  if (append_event (self, case_id, "capture", at, station, capture_data, NULL, error) == 0 ||
      append_event (self, case_id, "result", at, station, result_data, NULL, error) == 0)
    goto fail;
  if (input->decision != NULL &&
      !record_decision (self, case_id, input->decision, officer, NULL, at, station, error))
    goto fail;
  if (!commit (self, error))
    return 0;
  return case_id;

fail:
  rollback (self);
  return 0;
}

/* Inside a transaction: the case exists and is not purged. Its verdict into @verdict. */
static gboolean
check_case (DiCaseLog  *self,
            gint64      case_id,
            char      **verdict,
            GError    **error)
{
  g_autoptr (sqlite3_stmt) stmt = db_prepare (self, "SELECT verdict, purged_at FROM cases "
                                                    "WHERE id = ?", error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, case_id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_DONE)
    {
      g_set_error (error, DI_CASELOG_ERROR, DI_CASELOG_ERROR_NOT_FOUND,
                   "there is no case %" G_GINT64_FORMAT, case_id);
      return FALSE;
    }
  if (rc != SQLITE_ROW)
    return db_fail (self, error, "case log");
  if (sqlite3_column_type (stmt, 1) != SQLITE_NULL)
    {
      g_set_error (error, DI_CASELOG_ERROR, DI_CASELOG_ERROR_PURGED,
                   "case %" G_GINT64_FORMAT " was purged", case_id);
      return FALSE;
    }
  if (verdict != NULL)
    *verdict = column_dup (stmt, 0);
  return TRUE;
}

/**
 * di_caselog_append_report:
 * @self: a log
 * @report: the `inspect --json` object of the inspection
 * @images: the scan set's image files, %NULL where missing
 * @station: (nullable): the station (the host name)
 * @officer: (nullable): the officer (the OS user)
 * @decision: (nullable): the officer's decision, if made already
 * @error: return location for a #GError
 *
 * Returns: the id of the case logged, 0 on error
 */
gint64
di_caselog_append_report (DiCaseLog         *self,
                          JsonNode          *report,
                          const char *const  images[DI_N_LIGHTS],
                          const char        *station,
                          const char        *officer,
                          const char        *decision,
                          GError           **error)
{
  g_autofree char *text = json_to_string (report, FALSE);
  DiCaseInput input = { text };

  for (DiLight l = 0; l < DI_N_LIGHTS; l++)
    input.images[l] = images[l];
  input.station = station;
  input.officer = officer;
  input.decision = decision;
  return di_caselog_append (self, &input, error);
}

/**
 * di_caselog_decide:
 * @self: a log
 * @case_id: the case
 * @decision: accepted, refused or referred
 * @officer: (nullable): the officer's id; %NULL: the OS user
 * @note: (nullable): free text (personal: a purge removes it)
 * @error: return location for a #GError
 *
 * Records the officer's decision on a case, later than its capture. The latest decision
 * counts.
 *
 * Returns: %TRUE when recorded
 */
gboolean
di_caselog_decide (DiCaseLog  *self,
                   gint64      case_id,
                   const char *decision,
                   const char *officer,
                   const char *note,
                   GError    **error)
{
  g_autofree char *at = NULL;

  if (!di_caselog_decision_is_valid (decision))
    {
      g_set_error_literal (error, DI_CASELOG_ERROR, DI_CASELOG_ERROR_INVALID,
                           "the decision is accepted, refused or referred");
      return FALSE;
    }
  if (officer == NULL)
    officer = self->user;
  if (!text_is_valid (officer))
    {
      g_set_error_literal (error, DI_CASELOG_ERROR, DI_CASELOG_ERROR_INVALID,
                           "the officer id must be non-empty text on one line");
      return FALSE;
    }
  if (note != NULL && *note == '\0')
    note = NULL;
  if (!begin (self, error))
    return FALSE;
  at = now_text (self);
  if (!check_case (self, case_id, NULL, error) ||
      !record_decision (self, case_id, decision, officer, note, at, g_get_host_name (), error))
    {
      rollback (self);
      return FALSE;
    }
  return commit (self, error);
}

/* Everyone who logged or decided the case: officer ids and the OS accounts that ran it. */
static gboolean
case_actors (DiCaseLog  *self,
             gint64      case_id,
             GHashTable *actors,
             GError    **error)
{
  g_autoptr (sqlite3_stmt) stmt =
    db_prepare (self, "SELECT actor, data FROM events WHERE case_id = ? "
                      "AND kind IN ('capture', 'decision')", error);
  g_autoptr (JsonParser) parser = json_parser_new ();
  int rc;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, case_id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      JsonObject *data = parse_object (parser, column_text (stmt, 1));
      const char *officer = di_json_member_string (data, "officer");

      g_hash_table_add (actors, column_dup (stmt, 0));
      if (officer != NULL)
        g_hash_table_add (actors, g_strdup (officer));
    }
  if (rc != SQLITE_DONE)
    return db_fail (self, error, "case log");
  return TRUE;
}

/**
 * di_caselog_review:
 * @self: a log
 * @case_id: the case
 * @disposition: confirmed-fraud, false-alarm or needs-follow-up
 * @note: (nullable): required when the review contradicts the automatic verdict
 *   (confirmed-fraud of an accepted document, false-alarm of a flagged one)
 * @error: return location for a #GError
 *
 * Records a supervisor's review. The reviewer is the OS user; a reviewer who is not in the
 * supervisor group, or who logged or decided the case (under an officer id or as the OS
 * account that ran the command), is refused and the refusal logged.
 *
 * Returns: %TRUE when recorded
 */
gboolean
di_caselog_review (DiCaseLog  *self,
                   gint64      case_id,
                   const char *disposition,
                   const char *note,
                   GError    **error)
{
  g_autoptr (GHashTable) actors = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr (JsonBuilder) b = json_builder_new ();
  g_autofree char *verdict = NULL, *at = NULL, *data = NULL;
  gboolean contradicts;

  if (!di_caselog_disposition_is_valid (disposition))
    {
      g_set_error_literal (error, DI_CASELOG_ERROR, DI_CASELOG_ERROR_INVALID,
                           "the disposition is confirmed-fraud, false-alarm or needs-follow-up");
      return FALSE;
    }
  if (note != NULL && *note == '\0')
    note = NULL;
  if (!di_caselog_authorize (self, "review", case_id, error))
    return FALSE;
  if (!begin (self, error))
    return FALSE;
  if (!check_case (self, case_id, &verdict, error) ||
      !case_actors (self, case_id, actors, error))
    goto fail;
  if (g_hash_table_contains (actors, self->user))
    {
      log_refusal (self, "review", case_id, "four_eyes");
      g_set_error (error, DI_CASELOG_ERROR, DI_CASELOG_ERROR_FOUR_EYES,
                   "four eyes: user %s logged or decided case %" G_GINT64_FORMAT
                   "; another supervisor must review it (refusal logged)", self->user, case_id);
      return FALSE;
    }
  contradicts = g_str_equal (disposition, "confirmed-fraud") ? g_str_equal (verdict, "accept")
                : g_str_equal (disposition, "false-alarm") ? !g_str_equal (verdict, "accept")
                : FALSE;
  if (contradicts && note == NULL)
    {
      g_set_error (error, DI_CASELOG_ERROR, DI_CASELOG_ERROR_NOTE_REQUIRED,
                   "%s contradicts the automatic verdict (%s): give a note saying why",
                   disposition, verdict);
      goto fail;
    }
  at = now_text (self);
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "contradicts_verdict");
  json_builder_add_boolean_value (b, contradicts);
  di_json_add_string (b, "disposition", disposition);
  json_builder_end_object (b);
  data = builder_text (b);
  if (!log_outcome (self, case_id, "review", at, g_get_host_name (), data, note,
                    "UPDATE cases SET disposition = ?, reviewed_by = ?, reviewed_at = ? "
                    "WHERE id = ?", disposition, self->user, error))
    goto fail;
  return commit (self, error);

fail:
  rollback (self);
  return FALSE;
}

/**
 * di_caselog_set_supervisor_group:
 * @self: a log
 * @group: the Unix group whose members are supervisors
 * @error: return location for a #GError
 *
 * Needs supervisor rights (of the current group); logged as a `settings` event.
 *
 * Returns: %TRUE when changed
 */
gboolean
di_caselog_set_supervisor_group (DiCaseLog  *self,
                                 const char *group,
                                 GError    **error)
{
  g_autoptr (JsonBuilder) b = json_builder_new ();
  g_autofree char *data = NULL, *at = NULL;

  if (!text_is_valid (group))
    {
      g_set_error_literal (error, DI_CASELOG_ERROR, DI_CASELOG_ERROR_INVALID,
                           "the group name must be non-empty text on one line");
      return FALSE;
    }
  if (!di_caselog_authorize (self, "settings", 0, error))
    return FALSE;
  json_builder_begin_object (b);
  di_json_add_string (b, "supervisor_group", group);
  json_builder_end_object (b);
  data = builder_text (b);
  if (!begin (self, error))
    return FALSE;
  at = now_text (self);
  if (append_event (self, 0, "settings", at, g_get_host_name (), data, NULL, error) == 0 ||
      !meta_set (self, "supervisor_group", group, error))
    {
      rollback (self);
      return FALSE;
    }
  return commit (self, error);
}

/* --- reading ---------------------------------------------------------------------------- */

#define SUMMARY_COLUMNS "id, uid, created_at, station, officer, template, verdict, " \
                        "failed_checks, decision, decided_by, decided_at, disposition, " \
                        "reviewed_by, reviewed_at, purged_at"
#define N_SUMMARY_COLUMNS 15
#define WITH_REPORT "cases LEFT JOIN case_reports ON case_reports.case_id = cases.id"

static void
read_summary (sqlite3_stmt  *stmt,
              DiCaseSummary *s)
{
  s->id = sqlite3_column_int64 (stmt, 0);
  s->uid = column_dup (stmt, 1);
  s->created_at = column_dup (stmt, 2);
  s->station = column_dup (stmt, 3);
  s->officer = column_dup (stmt, 4);
  s->template_id = column_dup (stmt, 5);
  s->verdict = column_dup (stmt, 6);
  s->failed_checks = column_dup (stmt, 7);
  s->decision = column_dup (stmt, 8);
  s->decided_by = column_dup (stmt, 9);
  s->decided_at = column_dup (stmt, 10);
  s->disposition = column_dup (stmt, 11);
  s->reviewed_by = column_dup (stmt, 12);
  s->reviewed_at = column_dup (stmt, 13);
  s->purged_at = column_dup (stmt, 14);
}

void
di_case_summary_clear (DiCaseSummary *s)
{
  g_clear_pointer (&s->uid, g_free);
  g_clear_pointer (&s->created_at, g_free);
  g_clear_pointer (&s->station, g_free);
  g_clear_pointer (&s->officer, g_free);
  g_clear_pointer (&s->template_id, g_free);
  g_clear_pointer (&s->verdict, g_free);
  g_clear_pointer (&s->failed_checks, g_free);
  g_clear_pointer (&s->decision, g_free);
  g_clear_pointer (&s->decided_by, g_free);
  g_clear_pointer (&s->decided_at, g_free);
  g_clear_pointer (&s->disposition, g_free);
  g_clear_pointer (&s->reviewed_by, g_free);
  g_clear_pointer (&s->reviewed_at, g_free);
  g_clear_pointer (&s->purged_at, g_free);
}

/**
 * di_case_summary_copy:
 * @src: a summary
 * @dest: (out caller-allocates): where to copy it; clear it with di_case_summary_clear()
 */
void
di_case_summary_copy (const DiCaseSummary *src,
                      DiCaseSummary       *dest)
{
  dest->id = src->id;
  dest->uid = g_strdup (src->uid);
  dest->created_at = g_strdup (src->created_at);
  dest->station = g_strdup (src->station);
  dest->officer = g_strdup (src->officer);
  dest->template_id = g_strdup (src->template_id);
  dest->verdict = g_strdup (src->verdict);
  dest->failed_checks = g_strdup (src->failed_checks);
  dest->decision = g_strdup (src->decision);
  dest->decided_by = g_strdup (src->decided_by);
  dest->decided_at = g_strdup (src->decided_at);
  dest->disposition = g_strdup (src->disposition);
  dest->reviewed_by = g_strdup (src->reviewed_by);
  dest->reviewed_at = g_strdup (src->reviewed_at);
  dest->purged_at = g_strdup (src->purged_at);
}

/**
 * di_case_filter_day:
 * @day: (nullable): a day as YYYY-MM-DD
 * @end: whether it ends the period (the bound is then the next day)
 *
 * Returns: (transfer full) (nullable): the bound for DiCaseFilter's since or until, %NULL
 *   when @day is no calendar day
 */
char *
di_case_filter_day (const char *day,
                    gboolean    end)
{
  int y, m, d;
  char tail;
  GDate date;

  if (day == NULL || sscanf (day, "%4d-%2d-%2d%c", &y, &m, &d, &tail) != 3 ||
      !g_date_valid_dmy (d, m, y))
    return NULL;
  g_date_clear (&date, 1);
  g_date_set_dmy (&date, d, m, y);
  if (end)
    g_date_add_days (&date, 1);
  return g_strdup_printf ("%04d-%02d-%02d", g_date_get_year (&date), g_date_get_month (&date),
                          g_date_get_day (&date));
}

/* SELECT @columns FROM @from with the filter's conditions, bound. */
static sqlite3_stmt *
prepare_filtered (DiCaseLog          *self,
                  const char         *columns,
                  const char         *from,
                  const DiCaseFilter *filter,
                  GError            **error)
{
  g_autoptr (GString) sql = g_string_new (NULL);
  g_autoptr (GPtrArray) params = g_ptr_array_new ();
  sqlite3_stmt *stmt;
  DiCaseFilter none = { 0 };

  if (filter == NULL)
    filter = &none;
  g_string_printf (sql, "SELECT %s FROM %s WHERE 1", columns, from);
#define CONDITION(value, text) \
  if ((value) != NULL) \
    { \
      g_string_append (sql, text); \
      g_ptr_array_add (params, (gpointer) (value)); \
    }
  CONDITION (filter->since, " AND created_at >= ?");
  CONDITION (filter->until, " AND created_at < ?");
  CONDITION (filter->verdict, " AND verdict = ?");
  CONDITION (filter->officer, " AND officer = ?");
  CONDITION (filter->station, " AND station = ?");
  CONDITION (filter->decision, " AND decision = ?");
#undef CONDITION
  /* most cases of a log are never reviewed (the accepted ones): scanning by id beats the
   * index there, which would sort every unreviewed case before a LIMIT */
  if (g_strcmp0 (filter->review_state, "unreviewed") == 0)
    g_string_append (sql, " AND +disposition IS NULL");
  else if (g_strcmp0 (filter->review_state, "reviewed") == 0)
    g_string_append (sql, " AND disposition IS NOT NULL");
  else if (filter->review_state != NULL)
    {
      g_string_append (sql, " AND disposition = ?");
      g_ptr_array_add (params, (gpointer) filter->review_state);
    }
  if (filter->flagged)
    g_string_append (sql, " AND verdict != 'accept'");
  g_string_append (sql, filter->newest_first ? " ORDER BY id DESC" : " ORDER BY id");
  if (filter->limit > 0)
    g_string_append_printf (sql, " LIMIT %u", filter->limit);

  stmt = db_prepare (self, sql->str, error);
  if (stmt == NULL)
    return NULL;
  for (guint i = 0; i < params->len; i++)
    bind_text (stmt, i + 1, params->pdata[i]);
  return stmt;
}

/**
 * di_caselog_list:
 * @self: a log
 * @filter: (nullable): which cases
 * @func: called for each case
 * @user_data: for @func
 * @error: return location for a #GError
 *
 * Returns: %TRUE when every selected case was listed
 */
gboolean
di_caselog_list (DiCaseLog          *self,
                 const DiCaseFilter *filter,
                 DiCaseFunc          func,
                 gpointer            user_data,
                 GError            **error)
{
  g_autoptr (sqlite3_stmt) stmt = prepare_filtered (self, SUMMARY_COLUMNS, "cases", filter, error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      g_auto (DiCaseSummary) s = { 0 };

      read_summary (stmt, &s);
      func (&s, user_data);
    }
  if (rc != SQLITE_DONE)
    return db_fail (self, error, "case log");
  return TRUE;
}

static void
case_image_free (gpointer data)
{
  DiCaseImage *image = data;

  g_free (image->role);
  g_free (image->sha256);
  g_free (image->path);
  g_free (image);
}

static void
case_event_free (gpointer data)
{
  DiCaseEvent *e = data;

  g_free (e->kind);
  g_free (e->at);
  g_free (e->actor);
  g_free (e->station);
  g_free (e->data);
  g_free (e->note);
  g_free (e->prev_hash);
  g_free (e->hash);
  g_free (e);
}

void
di_case_record_free (DiCaseRecord *record)
{
  if (record == NULL)
    return;
  di_case_summary_clear (&record->summary);
  g_free (record->report);
  g_clear_pointer (&record->images, g_ptr_array_unref);
  g_clear_pointer (&record->events, g_ptr_array_unref);
  g_free (record);
}

/**
 * di_caselog_get_case:
 * @self: a log
 * @case_id: the case
 * @error: return location for a #GError
 *
 * Returns: (transfer full): the case with its report, images and events, or %NULL
 */
DiCaseRecord *
di_caselog_get_case (DiCaseLog *self,
                     gint64     case_id,
                     GError   **error)
{
  g_autoptr (DiCaseRecord) record = g_new0 (DiCaseRecord, 1);
  g_autoptr (sqlite3_stmt) stmt = NULL, images = NULL, events = NULL;
  int rc;

  record->images = g_ptr_array_new_with_free_func (case_image_free);
  record->events = g_ptr_array_new_with_free_func (case_event_free);
  /* one snapshot for the three queries */
  if (!db_exec (self, "BEGIN", error))
    return NULL;
  stmt = db_prepare (self, "SELECT " SUMMARY_COLUMNS ", report FROM " WITH_REPORT " WHERE id = ?",
                     error);
  if (stmt == NULL)
    goto fail;
  sqlite3_bind_int64 (stmt, 1, case_id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_DONE)
    {
      g_set_error (error, DI_CASELOG_ERROR, DI_CASELOG_ERROR_NOT_FOUND,
                   "there is no case %" G_GINT64_FORMAT, case_id);
      goto fail;
    }
  if (rc != SQLITE_ROW)
    {
      db_fail (self, error, "case log");
      goto fail;
    }
  read_summary (stmt, &record->summary);
  record->report = column_dup (stmt, N_SUMMARY_COLUMNS);

  images = db_prepare (self, "SELECT role, sha256, bytes FROM case_images WHERE case_id = ? "
                             "ORDER BY role", error);
  if (images == NULL)
    goto fail;
  sqlite3_bind_int64 (images, 1, case_id);
  while ((rc = sqlite3_step (images)) == SQLITE_ROW)
    {
      DiCaseImage *image = g_new0 (DiCaseImage, 1);

      image->role = column_dup (images, 0);
      image->sha256 = column_dup (images, 1);
      image->bytes = sqlite3_column_int64 (images, 2);
      image->path = image_path (self, image->sha256);
      g_ptr_array_add (record->images, image);
    }
  if (rc != SQLITE_DONE)
    {
      db_fail (self, error, "case log");
      goto fail;
    }

  events = db_prepare (self, "SELECT id, case_id, kind, at, actor, station, data, note, "
                             "prev_hash, hash FROM events WHERE case_id = ? ORDER BY id", error);
  if (events == NULL)
    goto fail;
  sqlite3_bind_int64 (events, 1, case_id);
  while ((rc = sqlite3_step (events)) == SQLITE_ROW)
    {
      DiCaseEvent *e = g_new0 (DiCaseEvent, 1);

      e->id = sqlite3_column_int64 (events, 0);
      e->case_id = sqlite3_column_int64 (events, 1);
      e->kind = column_dup (events, 2);
      e->at = column_dup (events, 3);
      e->actor = column_dup (events, 4);
      e->station = column_dup (events, 5);
      e->data = column_dup (events, 6);
      e->note = column_dup (events, 7);
      e->prev_hash = column_dup (events, 8);
      e->hash = column_dup (events, 9);
      g_ptr_array_add (record->events, e);
    }
  if (rc != SQLITE_DONE)
    {
      db_fail (self, error, "case log");
      goto fail;
    }
  db_exec (self, "COMMIT", NULL);
  return g_steal_pointer (&record);

fail:
  rollback (self);
  return NULL;
}

/* --- export ----------------------------------------------------------------------------- */

FILE *
di_caselog_create_private (const char *out_path,
                           char      **tmp_path,
                           GError    **error)
{
  g_autofree char *tmp = NULL;
  FILE *file;
  int fd;

  if (out_path != NULL)
    tmp = g_strconcat (out_path, ".tmp-XXXXXX", NULL);
  else
    tmp = g_build_filename (g_get_tmp_dir (), "docinspect-export-XXXXXX", NULL);
  fd = g_mkstemp_full (tmp, O_RDWR | O_CLOEXEC, 0600);
  if (fd < 0 || (file = fdopen (fd, "w+")) == NULL)
    {
      int saved = errno;

      if (fd >= 0)
        close (fd);
      g_set_error (error, DI_CASELOG_ERROR, DI_CASELOG_ERROR_WRITE, "cannot write %s: %s",
                   out_path != NULL ? out_path : "a temporary file", g_strerror (saved));
      return NULL;
    }
  *tmp_path = g_steal_pointer (&tmp);
  return file;
}

gboolean
di_caselog_finish_private (FILE       *file,
                           const char *tmp_path,
                           const char *out_path,
                           GError    **error)
{
  int saved = 0;

  if (fflush (file) != 0 || fsync (fileno (file)) != 0)
    saved = errno;
  if (saved == 0 && out_path == NULL)
    {
      char buffer[65536];
      size_t n;

      rewind (file);
      while ((n = fread (buffer, 1, sizeof buffer, file)) > 0)
        if (fwrite (buffer, 1, n, stdout) != n)
          {
            saved = errno != 0 ? errno : EIO;
            break;
          }
      if (saved == 0 && fflush (stdout) != 0)
        saved = errno;
    }
  fclose (file);
  if (saved == 0 && out_path != NULL && g_rename (tmp_path, out_path) != 0)
    saved = errno;
  if (saved != 0 || out_path == NULL)
    g_unlink (tmp_path);
  if (saved != 0)
    {
      g_set_error (error, DI_CASELOG_ERROR, DI_CASELOG_ERROR_WRITE, "cannot write %s: %s",
                   out_path != NULL ? out_path : "standard output", g_strerror (saved));
      return FALSE;
    }
  return TRUE;
}

gboolean
di_caselog_record_export (DiCaseLog  *self,
                          const char *format,
                          GArray     *ids,
                          gint64      case_id,
                          GError    **error)
{
  g_autoptr (JsonBuilder) b = json_builder_new ();
  g_autofree char *data = NULL, *at = NULL;

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "cases");
  json_builder_begin_array (b);
  for (guint i = 0; i < ids->len; i++)
    json_builder_add_int_value (b, g_array_index (ids, gint64, i));
  json_builder_end_array (b);
  di_json_add_string (b, "format", format);
  json_builder_end_object (b);
  data = builder_text (b);
  if (!begin (self, error))
    return FALSE;
  at = now_text (self);
  if (append_event (self, case_id, "export", at, g_get_host_name (), data, NULL, error) == 0)
    {
      rollback (self);
      return FALSE;
    }
  return commit (self, error);
}

static void
csv_field (GString    *line,
           const char *value,
           gboolean    last)
{
  if (value != NULL && strpbrk (value, ",\"\r\n") != NULL)
    {
      g_string_append_c (line, '"');
      for (const char *p = value; *p != '\0'; p++)
        {
          if (*p == '"')
            g_string_append_c (line, '"');
          g_string_append_c (line, *p);
        }
      g_string_append_c (line, '"');
    }
  else if (value != NULL)
    g_string_append (line, value);
  g_string_append (line, last ? "\r\n" : ",");
}

static const char *const csv_fields[] = {
  "document_code", "issuing_state", "document_number", "surname", "given_names",
  "nationality", "birth_date", "sex", "expiry_date", NULL
};

void
di_caselog_add_summary (JsonBuilder         *b,
                        const DiCaseSummary *s)
{
  add_int (b, "id", s->id);
  di_json_add_string (b, "uid", s->uid);
  di_json_add_string (b, "created_at", s->created_at);
  di_json_add_string (b, "station", s->station);
  di_json_add_string (b, "officer", s->officer);
  di_json_add_string (b, "template", s->template_id);
  di_json_add_string (b, "verdict", s->verdict);
  json_builder_set_member_name (b, "failed_checks");
  json_builder_begin_array (b);
  if (s->failed_checks != NULL && *s->failed_checks != '\0')
    {
      g_auto (GStrv) ids = g_strsplit (s->failed_checks, " ", -1);

      for (guint i = 0; ids[i] != NULL; i++)
        json_builder_add_string_value (b, ids[i]);
    }
  json_builder_end_array (b);
  di_json_add_string (b, "decision", s->decision);
  di_json_add_string (b, "decided_by", s->decided_by);
  di_json_add_string (b, "decided_at", s->decided_at);
  di_json_add_string (b, "disposition", s->disposition);
  di_json_add_string (b, "reviewed_by", s->reviewed_by);
  di_json_add_string (b, "reviewed_at", s->reviewed_at);
}

/**
 * di_caselog_export:
 * @self: a log
 * @filter: (nullable): which cases
 * @format: CSV (one row per case: the case columns and the MRZ fields) or JSON (one object:
 *   `cases`, each with its columns, report and images)
 * @out_path: (nullable): the file to write (0600), or %NULL for stdout
 * @n_exported: (out) (optional): how many cases
 * @error: return location for a #GError
 *
 * Needs supervisor rights. Reads one snapshot, writes a private temporary file, appends an
 * `export` event naming the cases and the format, then renames the file into place.
 *
 * Returns: %TRUE when written and logged
 */
gboolean
di_caselog_export (DiCaseLog          *self,
                   const DiCaseFilter *filter,
                   DiCaseExportFormat  format,
                   const char         *out_path,
                   guint              *n_exported,
                   GError            **error)
{
  g_autoptr (sqlite3_stmt) stmt = NULL;
  g_autoptr (GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr (JsonParser) parser = json_parser_new ();
  g_autoptr (GString) line = g_string_new (NULL);
  g_autofree char *tmp = NULL, *at = NULL;
  FILE *file;
  int rc;

  if (!di_caselog_authorize (self, "export", 0, error))
    return FALSE;
  file = di_caselog_create_private (out_path, &tmp, error);
  if (file == NULL)
    return FALSE;
  at = now_text (self);
  if (!db_exec (self, "BEGIN", error))
    goto fail;
  stmt = prepare_filtered (self, SUMMARY_COLUMNS ", report", WITH_REPORT, filter, error);
  if (stmt == NULL)
    goto fail;

  if (format == DI_CASE_EXPORT_CSV)
    fputs ("case_id,uid,created_at,station,officer,template,verdict,failed_checks,decision,"
           "decided_by,decided_at,disposition,reviewed_by,reviewed_at,purged_at,"
           "document_code,issuing_state,document_number,surname,given_names,nationality,"
           "birth_date,sex,expiry_date\r\n", file);
  else
    fprintf (file, "{\"exported_at\":\"%s\",\"cases\":[", at);

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      g_auto (DiCaseSummary) s = { 0 };
      const char *report = column_text (stmt, N_SUMMARY_COLUMNS);

      read_summary (stmt, &s);
      g_array_append_val (ids, s.id);
      if (format == DI_CASE_EXPORT_CSV)
        {
          JsonObject *mrz = di_json_member_object (parse_object (parser, report), "mrz");
          JsonObject *fields = di_json_member_object (mrz, "fields");
          char id[32];

          g_snprintf (id, sizeof id, "%" G_GINT64_FORMAT, s.id);
          g_string_truncate (line, 0);
          csv_field (line, id, FALSE);
          csv_field (line, s.uid, FALSE);
          csv_field (line, s.created_at, FALSE);
          csv_field (line, s.station, FALSE);
          csv_field (line, s.officer, FALSE);
          csv_field (line, s.template_id, FALSE);
          csv_field (line, s.verdict, FALSE);
          csv_field (line, s.failed_checks, FALSE);
          csv_field (line, s.decision, FALSE);
          csv_field (line, s.decided_by, FALSE);
          csv_field (line, s.decided_at, FALSE);
          csv_field (line, s.disposition, FALSE);
          csv_field (line, s.reviewed_by, FALSE);
          csv_field (line, s.reviewed_at, FALSE);
          csv_field (line, s.purged_at, FALSE);
          for (guint i = 0; csv_fields[i] != NULL; i++)
            csv_field (line, di_json_member_string (fields, csv_fields[i]),
                       csv_fields[i + 1] == NULL);
          fputs (line->str, file);
        }
      else
        {
          g_autoptr (JsonBuilder) b = json_builder_new ();
          g_autoptr (sqlite3_stmt) images = NULL;
          g_autofree char *text = NULL;

          json_builder_begin_object (b);
          di_caselog_add_summary (b, &s);
          di_json_add_string (b, "purged_at", s.purged_at);
          json_builder_set_member_name (b, "report");
          if (report != NULL && parse_object (parser, report) != NULL)
            json_builder_add_value (b, json_node_copy (json_parser_get_root (parser)));
          else
            json_builder_add_null_value (b);
          json_builder_set_member_name (b, "images");
          json_builder_begin_array (b);
          images = db_prepare (self, "SELECT role, sha256, bytes FROM case_images "
                                     "WHERE case_id = ? ORDER BY role", error);
          if (images == NULL)
            goto fail;
          sqlite3_bind_int64 (images, 1, s.id);
          while (sqlite3_step (images) == SQLITE_ROW)
            {
              json_builder_begin_object (b);
              di_json_add_string (b, "role", column_text (images, 0));
              di_json_add_string (b, "sha256", column_text (images, 1));
              add_int (b, "bytes", sqlite3_column_int64 (images, 2));
              json_builder_end_object (b);
            }
          json_builder_end_array (b);
          json_builder_end_object (b);
          text = builder_text (b);
          fprintf (file, "%s%s", ids->len > 1 ? "," : "", text);
        }
    }
  if (rc != SQLITE_DONE)
    {
      db_fail (self, error, "case log");
      goto fail;
    }
  if (format == DI_CASE_EXPORT_JSON)
    fputs ("]}\n", file);
  g_clear_pointer (&stmt, sqlite3_finalize);
  db_exec (self, "COMMIT", NULL);

  if (!di_caselog_record_export (self, format == DI_CASE_EXPORT_CSV ? "csv" : "json", ids, 0,
                                 error))
    goto fail;
  if (n_exported != NULL)
    *n_exported = ids->len;
  return di_caselog_finish_private (file, tmp, out_path, error);

fail:
  rollback (self);
  fclose (file);
  g_unlink (tmp);
  return FALSE;
}

/* --- stats ------------------------------------------------------------------------------ */

typedef struct {
  guint cases, flagged, reviewed, false_alarms, confirmed_fraud, follow_up;
} Counts;

static void
count_case (Counts     *c,
            const char *verdict,
            const char *disposition)
{
  c->cases++;
  if (g_strcmp0 (verdict, "accept") != 0)
    c->flagged++;
  if (disposition != NULL)
    {
      c->reviewed++;
      if (g_str_equal (disposition, "false-alarm"))
        c->false_alarms++;
      else if (g_str_equal (disposition, "confirmed-fraud"))
        c->confirmed_fraud++;
      else
        c->follow_up++;
    }
}

static void
add_counts (JsonBuilder  *b,
            const Counts *c)
{
  add_int (b, "cases", c->cases);
  add_int (b, "flagged", c->flagged);
  add_int (b, "reviewed", c->reviewed);
  add_int (b, "false_alarms", c->false_alarms);
  add_int (b, "confirmed_fraud", c->confirmed_fraud);
  add_int (b, "needs_follow_up", c->follow_up);
  json_builder_set_member_name (b, "false_alarm_rate");
  if (c->reviewed > 0)
    json_builder_add_double_value (b, (double) c->false_alarms / c->reviewed);
  else
    json_builder_add_null_value (b);
}

typedef struct {
  const char *name;
  Counts     *counts;
} Named;

static int
compare_checks (gconstpointer a,
                gconstpointer b)
{
  const Named *x = a, *y = b;

  if (x->counts->cases != y->counts->cases)
    return x->counts->cases > y->counts->cases ? -1 : 1;
  return strcmp (x->name, y->name);
}

static int
compare_days (gconstpointer a,
              gconstpointer b)
{
  return strcmp (((const Named *) a)->name, ((const Named *) b)->name);
}

static GArray *
sorted_counts (GHashTable  *table,
               GCompareFunc compare)
{
  GArray *out = g_array_new (FALSE, FALSE, sizeof (Named));
  GHashTableIter iter;
  gpointer key, value;

  g_hash_table_iter_init (&iter, table);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      Named n = { key, value };

      g_array_append_val (out, n);
    }
  g_array_sort (out, compare);
  return out;
}

/**
 * di_caselog_stats:
 * @self: a log
 * @filter: (nullable): which cases
 * @error: return location for a #GError
 *
 * Counts from the anonymous columns only, so purged cases count too. Per check: the cases
 * where it failed, how many of them were reviewed, and the false-alarm rate among those
 * reviews (what a threshold tuner wants to know).
 *
 * Returns: (transfer full): {cases, flagged, reviewed, false_alarms, confirmed_fraud,
 *   needs_follow_up, false_alarm_rate, per_day: [{day, …}], per_check: [{check, …}]}
 */
JsonNode *
di_caselog_stats (DiCaseLog          *self,
                  const DiCaseFilter *filter,
                  GError            **error)
{
  g_autoptr (sqlite3_stmt) stmt = prepare_filtered (self, "substr(created_at, 1, 10), verdict, "
                                                          "failed_checks, disposition",
                                                    "cases", filter, error);
  g_autoptr (GHashTable) days = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autoptr (GHashTable) checks = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autoptr (JsonBuilder) b = json_builder_new ();
  g_autoptr (GArray) day_list = NULL, check_list = NULL;
  Counts total = { 0 };
  int rc;

  if (stmt == NULL)
    return NULL;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *day = column_text (stmt, 0), *verdict = column_text (stmt, 1);
      const char *failed = column_text (stmt, 2), *disposition = column_text (stmt, 3);
      g_auto (GStrv) ids = g_strsplit (failed != NULL ? failed : "", " ", -1);
      Counts *c = g_hash_table_lookup (days, day);

      if (c == NULL)
        g_hash_table_insert (days, g_strdup (day), (c = g_new0 (Counts, 1)));
      count_case (c, verdict, disposition);
      count_case (&total, verdict, disposition);
      for (guint i = 0; ids[i] != NULL; i++)
        {
          if (*ids[i] == '\0')
            continue;
          c = g_hash_table_lookup (checks, ids[i]);
          if (c == NULL)
            g_hash_table_insert (checks, g_strdup (ids[i]), (c = g_new0 (Counts, 1)));
          count_case (c, verdict, disposition);
        }
    }
  if (rc != SQLITE_DONE)
    return db_fail (self, error, "case log"), NULL;

  json_builder_begin_object (b);
  add_counts (b, &total);
  json_builder_set_member_name (b, "per_day");
  json_builder_begin_array (b);
  day_list = sorted_counts (days, compare_days);
  for (guint i = 0; i < day_list->len; i++)
    {
      Named *n = &g_array_index (day_list, Named, i);

      json_builder_begin_object (b);
      di_json_add_string (b, "day", n->name);
      add_counts (b, n->counts);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  json_builder_set_member_name (b, "per_check");
  json_builder_begin_array (b);
  check_list = sorted_counts (checks, compare_checks);
  for (guint i = 0; i < check_list->len; i++)
    {
      Named *n = &g_array_index (check_list, Named, i);

      json_builder_begin_object (b);
      di_json_add_string (b, "check", n->name);
      add_counts (b, n->counts);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  json_builder_end_object (b);
  return json_builder_get_root (b);
}

/* --- purge ------------------------------------------------------------------------------ */

/* Removes image files no case refers to any more: @candidates now, and, in the whole
 * folder, orphans older than an hour (left by writers killed before their commit). */
static void
remove_unreferenced (DiCaseLog  *self,
                     GHashTable *candidates)
{
  g_autoptr (sqlite3_stmt) used = db_prepare (self, "SELECT 1 FROM case_images WHERE sha256 = ? "
                                                    "LIMIT 1", NULL);
  g_autoptr (GDir) top = g_dir_open (self->images_dir, 0, NULL);
  GHashTableIter iter;
  gpointer sha256;
  const char *sub;
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;

  if (used == NULL)
    return;
  g_hash_table_iter_init (&iter, candidates);
  while (g_hash_table_iter_next (&iter, &sha256, NULL))
    {
      sqlite3_reset (used);
      bind_text (used, 1, sha256);
      if (sqlite3_step (used) == SQLITE_DONE)
        {
          g_autofree char *path = image_path (self, sha256);

          g_unlink (path);
        }
    }

  while (top != NULL && (sub = g_dir_read_name (top)) != NULL)
    {
      g_autofree char *dir_path = g_build_filename (self->images_dir, sub, NULL);
      g_autoptr (GDir) dir = strlen (sub) == 2 ? g_dir_open (dir_path, 0, NULL) : NULL;
      const char *name;
      struct stat st;

      /* crops of an `inspect --log` run that was killed */
      if (g_str_has_prefix (sub, "crops-") && g_stat (dir_path, &st) == 0 &&
          now - st.st_mtime >= ORPHAN_AGE_SECONDS)
        remove_folder (dir_path);

      while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *path = g_build_filename (dir_path, name, NULL);
          g_autofree char *hash = g_strconcat (sub, name, NULL);
          struct stat file_st;

          if (g_stat (path, &file_st) != 0 || now - file_st.st_mtime < ORPHAN_AGE_SECONDS)
            continue;
          if (strlen (hash) == 64 && strchr (hash, '.') == NULL)
            {
              sqlite3_reset (used);
              bind_text (used, 1, hash);
              if (sqlite3_step (used) != SQLITE_DONE)
                continue;
            }
          g_unlink (path);
        }
    }
}

/**
 * di_caselog_purge:
 * @self: a log
 * @older_than_days: purge cases created more than this many days ago
 * @n_purged: (out) (optional): how many cases were purged
 * @error: return location for a #GError
 *
 * Needs supervisor rights. In one transaction, for each case old enough and not yet
 * purged: the report and the notes of its events are removed, its image rows deleted, the
 * case marked purged and a `purge` event appended; then one `purge` event for the run. The
 * anonymous columns (time, station, officer, verdict, failed checks, decision, review) stay
 * for the statistics, and the digests in the events keep the chain verifiable. Afterwards
 * the image files no case refers to are deleted and the WAL is checkpointed and truncated,
 * so that no copy of the removed data stays in it (secure_delete overwrites freed pages).
 *
 * Returns: %TRUE when done
 */
gboolean
di_caselog_purge (DiCaseLog *self,
                  guint      older_than_days,
                  guint     *n_purged,
                  GError   **error)
{
  g_autoptr (GHashTable) shas = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr (GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr (sqlite3_stmt) select = NULL, images = NULL;
  g_autoptr (JsonBuilder) run = json_builder_new ();
  g_autoptr (GDateTime) now = NULL, cutoff = NULL;
  g_autofree char *at = NULL, *cutoff_text = NULL, *data = NULL, *run_data = NULL;
  int rc;

  if (!di_caselog_authorize (self, "purge", 0, error))
    return FALSE;
  now = self->now != NULL ? g_date_time_to_utc (self->now) : g_date_time_new_now_utc ();
  cutoff = g_date_time_add_days (now, -(int) older_than_days);
  cutoff_text = g_date_time_format (cutoff, "%Y-%m-%dT%H:%M:%S.%fZ");
  {
    g_autoptr (JsonBuilder) b = json_builder_new ();

    json_builder_begin_object (b);
    add_int (b, "older_than_days", older_than_days);
    json_builder_end_object (b);
    data = builder_text (b);
  }

  if (!begin (self, error))
    return FALSE;
  at = now_text (self);
  select = db_prepare (self, "SELECT id FROM cases WHERE created_at < ? AND purged_at IS NULL "
                             "ORDER BY id", error);
  images = db_prepare (self, "SELECT sha256 FROM case_images WHERE case_id = ?", error);
  if (select == NULL || images == NULL)
    goto fail;
  bind_text (select, 1, cutoff_text);
  while ((rc = sqlite3_step (select)) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (select, 0);

      g_array_append_val (ids, id);
    }
  if (rc != SQLITE_DONE)
    {
      db_fail (self, error, "case log");
      goto fail;
    }

  for (guint i = 0; i < ids->len; i++)
    {
      gint64 id = g_array_index (ids, gint64, i);
      static const char *const statements[] = {
        "UPDATE cases SET purged_at = ?2 WHERE id = ?1",
        "DELETE FROM case_reports WHERE case_id = ?1",
        "DELETE FROM case_images WHERE case_id = ?1",
        "UPDATE events SET note = NULL WHERE case_id = ?1 AND note IS NOT NULL",
      };

      sqlite3_reset (images);
      sqlite3_bind_int64 (images, 1, id);
      while (sqlite3_step (images) == SQLITE_ROW)
        g_hash_table_add (shas, column_dup (images, 0));
      for (guint k = 0; k < G_N_ELEMENTS (statements); k++)
        {
          g_autoptr (sqlite3_stmt) stmt = db_prepare (self, statements[k], error);

          if (stmt == NULL)
            goto fail;
          sqlite3_bind_int64 (stmt, 1, id);
          if (sqlite3_bind_parameter_count (stmt) > 1)
            bind_text (stmt, 2, at);
          if (sqlite3_step (stmt) != SQLITE_DONE)
            {
              db_fail (self, error, "case log");
              goto fail;
            }
        }
      if (append_event (self, id, "purge", at, g_get_host_name (), data, NULL, error) == 0)
        goto fail;
    }
  json_builder_begin_object (run);
  add_int (run, "cases", ids->len);
  di_json_add_string (run, "cutoff", cutoff_text);
  add_int (run, "older_than_days", older_than_days);
  json_builder_end_object (run);
  run_data = builder_text (run);
  if (append_event (self, 0, "purge", at, g_get_host_name (), run_data, NULL, error) == 0)
    goto fail;
  g_clear_pointer (&select, sqlite3_finalize);
  g_clear_pointer (&images, sqlite3_finalize);
  if (!commit (self, error))
    return FALSE;

  remove_unreferenced (self, shas);
  sqlite3_exec (self->db, "PRAGMA wal_checkpoint(TRUNCATE)", NULL, NULL, NULL);
  if (n_purged != NULL)
    *n_purged = ids->len;
  return TRUE;

fail:
  rollback (self);
  return FALSE;
}

/* --- verify ----------------------------------------------------------------------------- */

typedef struct {
  gint64      id;
  gint64      capture_event, result_event, decision_event, review_event, purge_event;
  char       *uid, *created_at, *station, *officer;
  GHashTable *images;          /* role → "SHA256 BYTES" */
  char       *verdict, *template_id, *failed_checks, *report_sha256;
  char       *decision, *decided_by, *decided_at;
  char       *disposition, *reviewed_by, *reviewed_at;
  char       *purged_at;
  gboolean    seen;
} CaseState;

static void
case_state_free (gpointer data)
{
  CaseState *c = data;

  g_free (c->uid);
  g_free (c->created_at);
  g_free (c->station);
  g_free (c->officer);
  g_clear_pointer (&c->images, g_hash_table_unref);
  g_free (c->verdict);
  g_free (c->template_id);
  g_free (c->failed_checks);
  g_free (c->report_sha256);
  g_free (c->decision);
  g_free (c->decided_by);
  g_free (c->decided_at);
  g_free (c->disposition);
  g_free (c->reviewed_by);
  g_free (c->reviewed_at);
  g_free (c->purged_at);
  g_free (c);
}

void
di_case_verify_result_clear (DiCaseVerifyResult *r)
{
  g_clear_pointer (&r->head_hash, g_free);
  g_clear_pointer (&r->image, g_free);
  g_clear_pointer (&r->problem, g_free);
}

static gboolean broken (DiCaseVerifyResult *r,
                        gint64              event_id,
                        gint64              case_id,
                        const char         *image,
                        const char         *format,
                        ...) G_GNUC_PRINTF (5, 6);

/* Records the first broken link; FALSE, to stop the walk. */
static gboolean
broken (DiCaseVerifyResult *r,
        gint64              event_id,
        gint64              case_id,
        const char         *image,
        const char         *format,
        ...)
{
  va_list args;

  if (!r->intact)
    return FALSE;
  r->intact = FALSE;
  r->event_id = event_id;
  r->case_id = case_id;
  r->image = g_strdup (image);
  va_start (args, format);
  r->problem = g_strdup_vprintf (format, args);
  va_end (args);
  return FALSE;
}

static void
replace (char      **field,
         const char *value)
{
  g_free (*field);
  *field = g_strdup (value);
}

static char *
joined_array (JsonArray *array)
{
  GString *out = g_string_new (NULL);

  for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
    {
      const char *s = json_array_get_string_element (array, i);

      if (i > 0)
        g_string_append_c (out, ' ');
      g_string_append (out, s != NULL ? s : "");
    }
  return g_string_free (out, FALSE);
}

typedef struct {
  DiCaseLog          *self;
  DiCaseVerifyResult *r;
  GHashTable         *cases;           /* id → CaseState */
  GArray             *pending_notes;   /* event id, case id pairs whose note is gone */
  char               *group;           /* the supervisor group the events set */
  gint64              group_event;
  gint64              last_id;
  char               *last_hash;
} Walk;

/* What an event says about its case. */
static gboolean
apply_event (Walk         *w,
             sqlite3_stmt *stmt,
             JsonObject   *data)
{
  gint64 id = sqlite3_column_int64 (stmt, 0);
  gint64 case_id = sqlite3_column_int64 (stmt, 1);
  const char *kind = column_text (stmt, 2), *at = column_text (stmt, 3);
  const char *actor = column_text (stmt, 4), *station = column_text (stmt, 5);
  CaseState *c = case_id > 0 ? g_hash_table_lookup (w->cases, &case_id) : NULL;
  static const char *const case_kinds[] = { "capture", "result", "decision", "review", NULL };
  static const char *const log_kinds[] = { "create", "settings", "migrate", "refusal", NULL };

  if (data == NULL)
    return broken (w->r, id, case_id, NULL, "event %" G_GINT64_FORMAT ": its data is not a JSON "
                   "object", id);
  if (g_strv_contains (case_kinds, kind) && case_id <= 0)
    return broken (w->r, id, 0, NULL, "event %" G_GINT64_FORMAT ": a %s event without a case",
                   id, kind);
  if (g_strv_contains (log_kinds, kind) && case_id > 0)
    return broken (w->r, id, case_id, NULL, "event %" G_GINT64_FORMAT ": a %s event tied to a "
                   "case", id, kind);

  if (g_str_equal (kind, "create") || g_str_equal (kind, "settings"))
    {
      replace (&w->group, di_json_member_string (data, "supervisor_group"));
      w->group_event = id;
    }
  else if (g_str_equal (kind, "capture"))
    {
      JsonObject *images = di_json_member_object (data, "images");
      g_autoptr (GList) roles = images != NULL ? json_object_get_members (images) : NULL;

      if (c != NULL)
        return broken (w->r, id, case_id, NULL, "event %" G_GINT64_FORMAT ": a second capture "
                       "of case %" G_GINT64_FORMAT, id, case_id);
      c = g_new0 (CaseState, 1);
      c->id = case_id;
      c->capture_event = id;
      c->uid = g_strdup (di_json_member_string (data, "uid"));
      c->created_at = g_strdup (at);
      c->station = g_strdup (station);
      c->officer = g_strdup (di_json_member_string (data, "officer"));
      c->images = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
      for (GList *l = roles; l != NULL; l = l->next)
        {
          JsonObject *image = di_json_member_object (images, l->data);
          const char *sha256 = di_json_member_string (image, "sha256");
          gint64 bytes = image != NULL
                           ? json_object_get_int_member_with_default (image, "bytes", -1)
                           : -1;

          g_hash_table_insert (c->images, g_strdup (l->data),
                               g_strdup_printf ("%s %" G_GINT64_FORMAT,
                                                sha256 != NULL ? sha256 : "-", bytes));
        }
      g_hash_table_insert (w->cases, &c->id, c);
    }
  else if (g_str_equal (kind, "migrate") || g_str_equal (kind, "refusal") ||
           (case_id <= 0 && (g_str_equal (kind, "export") || g_str_equal (kind, "purge"))))
    ;
  else if (c == NULL && (g_strv_contains (case_kinds, kind) || g_str_equal (kind, "export") ||
                         g_str_equal (kind, "purge")))
    return broken (w->r, id, case_id, NULL, "event %" G_GINT64_FORMAT ": a %s event of case %"
                   G_GINT64_FORMAT " before its capture", id, kind, case_id);
  else if (g_str_equal (kind, "result"))
    {
      if (c->result_event != 0)
        return broken (w->r, id, case_id, NULL, "event %" G_GINT64_FORMAT ": a second result of "
                       "case %" G_GINT64_FORMAT, id, case_id);
      c->result_event = id;
      c->verdict = g_strdup (di_json_member_string (data, "verdict"));
      c->template_id = g_strdup (di_json_member_string (data, "template"));
      c->failed_checks = joined_array (di_json_member_array (data, "failed_checks"));
      c->report_sha256 = g_strdup (di_json_member_string (data, "report_sha256"));
    }
  else if (g_str_equal (kind, "decision"))
    {
      c->decision_event = id;
      replace (&c->decision, di_json_member_string (data, "decision"));
      replace (&c->decided_by, di_json_member_string (data, "officer"));
      replace (&c->decided_at, at);
    }
  else if (g_str_equal (kind, "review"))
    {
      c->review_event = id;
      replace (&c->disposition, di_json_member_string (data, "disposition"));
      replace (&c->reviewed_by, actor);
      replace (&c->reviewed_at, at);
    }
  else if (g_str_equal (kind, "purge"))
    {
      c->purge_event = id;
      replace (&c->purged_at, at);
    }
  else if (!g_str_equal (kind, "export"))
    return broken (w->r, id, case_id, NULL, "event %" G_GINT64_FORMAT ": unknown kind '%s'", id,
                   kind);
  return TRUE;
}

static gboolean
walk_events (Walk    *w,
             GError **error)
{
  DiCaseLog *self = w->self;
  g_autoptr (sqlite3_stmt) stmt =
    db_prepare (self, "SELECT id, case_id, kind, at, actor, station, data, note, note_sha256, "
                      "prev_hash, hash FROM events ORDER BY id", error);
  g_autoptr (JsonParser) parser = json_parser_new ();
  g_autofree char *prev = g_strdup (ZERO_HASH);
  gint64 expected = 1;
  int rc;

  if (stmt == NULL)
    return FALSE;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      DiCaseEvent e = { 0 };
      const char *note = column_text (stmt, 7);
      const char *note_sha256 = column_text (stmt, 8);
      const char *stored = column_text (stmt, 10);
      g_autofree char *hash = NULL;

      e.id = sqlite3_column_int64 (stmt, 0);
      e.case_id = sqlite3_column_int64 (stmt, 1);
      e.kind = (char *) column_text (stmt, 2);
      e.at = (char *) column_text (stmt, 3);
      e.actor = (char *) column_text (stmt, 4);
      e.station = (char *) column_text (stmt, 5);
      e.data = (char *) column_text (stmt, 6);
      e.prev_hash = (char *) column_text (stmt, 9);
      w->r->n_events++;

      if (e.id != expected)
        return broken (w->r, expected, 0, NULL, "event %" G_GINT64_FORMAT " is missing: the "
                       "event after %" G_GINT64_FORMAT " is %" G_GINT64_FORMAT, expected,
                       expected - 1, e.id), TRUE;
      if (e.kind == NULL || e.at == NULL || e.actor == NULL || e.station == NULL ||
          e.data == NULL || e.prev_hash == NULL || stored == NULL)
        return broken (w->r, e.id, e.case_id, NULL, "event %" G_GINT64_FORMAT ": a field is "
                       "missing", e.id), TRUE;
      if (!g_str_equal (e.prev_hash, prev) && e.id == 1)
        return broken (w->r, e.id, e.case_id, NULL, "event 1: its prev_hash is not the start of "
                       "the chain"), TRUE;
      if (!g_str_equal (e.prev_hash, prev))
        return broken (w->r, e.id, e.case_id, NULL, "event %" G_GINT64_FORMAT ": its prev_hash "
                       "is not the hash of event %" G_GINT64_FORMAT " (an event was removed, "
                       "inserted or moved)", e.id, e.id - 1), TRUE;
      hash = event_hash (&e, note_sha256);
      if (!g_str_equal (hash, stored))
        return broken (w->r, e.id, e.case_id, NULL, "event %" G_GINT64_FORMAT ": its content "
                       "does not match its hash", e.id), TRUE;
      if (note != NULL)
        {
          g_autofree char *sha = sha256_of (note);

          if (note_sha256 == NULL || !g_str_equal (sha, note_sha256))
            return broken (w->r, e.id, e.case_id, NULL, "event %" G_GINT64_FORMAT ": its note "
                           "does not match its digest", e.id), TRUE;
        }
      else if (note_sha256 != NULL)
        {
          gint64 pair[2] = { e.id, e.case_id };

          g_array_append_vals (w->pending_notes, pair, 2);
        }
      if (!apply_event (w, stmt, parse_object (parser, e.data)))
        return TRUE;
      g_free (prev);
      prev = g_strdup (stored);
      expected++;
    }
  if (rc != SQLITE_DONE)
    return db_fail (self, error, "case log");
  w->last_id = expected - 1;
  w->last_hash = g_steal_pointer (&prev);
  return TRUE;
}

static gboolean
compare_column (DiCaseVerifyResult *r,
                const CaseState    *c,
                const char         *column,
                const char         *stored,
                const char         *expected,
                gint64              event_id)
{
  if (g_strcmp0 (stored, expected) == 0)
    return TRUE;
  return broken (r, event_id, c->id, NULL, "case %" G_GINT64_FORMAT ": its %s differs from what "
                 "event %" G_GINT64_FORMAT " recorded", c->id, column, event_id);
}

static gboolean
walk_cases (Walk    *w,
            GError **error)
{
  g_autoptr (sqlite3_stmt) stmt =
    db_prepare (w->self, "SELECT " SUMMARY_COLUMNS ", report FROM " WITH_REPORT " ORDER BY id",
                error);
  DiCaseVerifyResult *r = w->r;
  int rc;

  if (stmt == NULL)
    return FALSE;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      g_auto (DiCaseSummary) s = { 0 };
      const char *report = column_text (stmt, N_SUMMARY_COLUMNS);
      CaseState *c;

      read_summary (stmt, &s);
      r->n_cases++;
      c = g_hash_table_lookup (w->cases, &s.id);
      if (c == NULL)
        return broken (r, 0, s.id, NULL, "case %" G_GINT64_FORMAT " has no capture event (a row "
                       "added outside the log)", s.id), TRUE;
      c->seen = TRUE;
      if (c->result_event == 0)
        return broken (r, c->capture_event, s.id, NULL, "case %" G_GINT64_FORMAT " has no result "
                       "event", s.id), TRUE;
      if (!compare_column (r, c, "uid", s.uid, c->uid, c->capture_event) ||
          !compare_column (r, c, "created_at", s.created_at, c->created_at, c->capture_event) ||
          !compare_column (r, c, "station", s.station, c->station, c->capture_event) ||
          !compare_column (r, c, "officer", s.officer, c->officer, c->capture_event) ||
          !compare_column (r, c, "verdict", s.verdict, c->verdict, c->result_event) ||
          !compare_column (r, c, "template", s.template_id, c->template_id, c->result_event) ||
          !compare_column (r, c, "failed_checks", s.failed_checks, c->failed_checks,
                           c->result_event) ||
          !compare_column (r, c, "decision", s.decision, c->decision, c->decision_event) ||
          !compare_column (r, c, "decided_by", s.decided_by, c->decided_by, c->decision_event) ||
          !compare_column (r, c, "decided_at", s.decided_at, c->decided_at, c->decision_event) ||
          !compare_column (r, c, "disposition", s.disposition, c->disposition, c->review_event) ||
          !compare_column (r, c, "reviewed_by", s.reviewed_by, c->reviewed_by, c->review_event) ||
          !compare_column (r, c, "reviewed_at", s.reviewed_at, c->reviewed_at, c->review_event) ||
          !compare_column (r, c, "purged_at", s.purged_at, c->purged_at, c->purge_event))
        return TRUE;
      if (report != NULL)
        {
          g_autofree char *sha = sha256_of (report);

          if (g_strcmp0 (sha, c->report_sha256) != 0)
            return broken (r, c->result_event, s.id, NULL, "case %" G_GINT64_FORMAT ": its report "
                           "does not match the digest in event %" G_GINT64_FORMAT, s.id,
                           c->result_event), TRUE;
        }
      else if (c->purge_event == 0)
        return broken (r, c->result_event, s.id, NULL, "case %" G_GINT64_FORMAT ": its report is "
                       "missing and the case was not purged", s.id), TRUE;
    }
  if (rc != SQLITE_DONE)
    return db_fail (w->self, error, "case log");
  return TRUE;
}

static gboolean
hash_file (const char *path,
           char      **sha256,
           gint64     *bytes)
{
  g_autoptr (GChecksum) sum = g_checksum_new (G_CHECKSUM_SHA256);
  guint8 buffer[65536];
  gssize n;
  int fd = g_open (path, O_RDONLY | O_CLOEXEC, 0);

  if (fd < 0)
    return FALSE;
  *bytes = 0;
  while ((n = read (fd, buffer, sizeof buffer)) > 0)
    {
      g_checksum_update (sum, buffer, n);
      *bytes += n;
    }
  close (fd);
  if (n < 0)
    return FALSE;
  *sha256 = g_strdup (g_checksum_get_string (sum));
  return TRUE;
}

static gboolean
walk_images (Walk    *w,
             GError **error)
{
  DiCaseLog *self = w->self;
  DiCaseVerifyResult *r = w->r;
  g_autoptr (sqlite3_stmt) stmt =
    db_prepare (self, "SELECT case_id, role, sha256, bytes FROM case_images "
                      "ORDER BY case_id, role", error);
  g_autoptr (GHashTable) counted = g_hash_table_new (g_int64_hash, g_int64_equal);
  g_autoptr (GHashTable) checked = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr (GList) states = NULL;
  int rc;

  if (stmt == NULL)
    return FALSE;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 case_id = sqlite3_column_int64 (stmt, 0);
      const char *role = column_text (stmt, 1), *sha256 = column_text (stmt, 2);
      gint64 bytes = sqlite3_column_int64 (stmt, 3);
      CaseState *c = g_hash_table_lookup (w->cases, &case_id);
      const char *recorded = c != NULL ? g_hash_table_lookup (c->images, role) : NULL;
      g_autofree char *row = g_strdup_printf ("%s %" G_GINT64_FORMAT, sha256, bytes);
      g_autofree char *path = NULL, *actual = NULL;
      gint64 actual_bytes;

      if (c == NULL || c->purge_event != 0 || recorded == NULL || sha256 == NULL ||
          strlen (sha256) != 64)
        return broken (r, c != NULL ? c->capture_event : 0, case_id, NULL,
                       "case %" G_GINT64_FORMAT ": an image row (%s) that its capture event "
                       "does not list", case_id, role), TRUE;
      if (!g_str_equal (recorded, row))
        return broken (r, c->capture_event, case_id, NULL, "case %" G_GINT64_FORMAT ": the %s "
                       "image row differs from what event %" G_GINT64_FORMAT " recorded",
                       case_id, role, c->capture_event), TRUE;
      g_hash_table_insert (counted, &c->id,
                           GUINT_TO_POINTER (GPOINTER_TO_UINT (g_hash_table_lookup (counted,
                                                                                    &c->id)) + 1));
      if (g_hash_table_contains (checked, sha256))
        continue;
      g_hash_table_add (checked, g_strdup (sha256));
      path = image_path (self, sha256);
      r->n_images++;
      if (!hash_file (path, &actual, &actual_bytes))
        return broken (r, c->capture_event, case_id, path, "image %s of case %" G_GINT64_FORMAT
                       " (%s) is missing or unreadable", path, case_id, role), TRUE;
      if (!g_str_equal (actual, sha256) || actual_bytes != bytes)
        return broken (r, c->capture_event, case_id, path, "image %s of case %" G_GINT64_FORMAT
                       " (%s): its content does not match its SHA-256", path, case_id,
                       role), TRUE;
    }
  if (rc != SQLITE_DONE)
    return db_fail (self, error, "case log");

  states = g_hash_table_get_values (w->cases);
  for (GList *l = states; l != NULL; l = l->next)
    {
      CaseState *c = l->data;
      guint n = GPOINTER_TO_UINT (g_hash_table_lookup (counted, &c->id));

      if (c->purge_event == 0 && n != g_hash_table_size (c->images))
        return broken (r, c->capture_event, c->id, NULL, "case %" G_GINT64_FORMAT ": an image "
                       "row that event %" G_GINT64_FORMAT " recorded is missing", c->id,
                       c->capture_event), TRUE;
    }
  return TRUE;
}

static int
compare_states (gconstpointer a,
                gconstpointer b)
{
  const CaseState *x = a, *y = b;

  return x->id < y->id ? -1 : x->id > y->id;
}

/**
 * di_caselog_verify:
 * @self: a log
 * @result: (out caller-allocates): what was checked, and the first broken link
 * @error: return location for a #GError
 *
 * In order: SQLite's quick_check; the events (ids without gaps, each prev_hash the hash of
 * the event before, each hash recomputed, each note against its digest, what each event
 * says); the head of the chain recorded in meta (events removed from the end); the
 * supervisor group setting; the cases (every column against its events, the report against
 * its digest, a missing report or note only after a purge); the image rows against the
 * capture events and every image file against its SHA-256.
 *
 * Returns: %TRUE when it ran (intact or not); %FALSE with @error when it could not
 */
gboolean
di_caselog_verify (DiCaseLog          *self,
                   DiCaseVerifyResult *result,
                   GError            **error)
{
  g_autoptr (GHashTable) cases = g_hash_table_new_full (g_int64_hash, g_int64_equal, NULL,
                                                        case_state_free);
  g_autoptr (GArray) pending = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr (sqlite3_stmt) check = NULL;
  g_autofree char *head_id = NULL, *head_hash = NULL, *group = NULL;
  Walk w = { self, result, cases, pending, NULL, 0, 0, NULL };
  gboolean ok = FALSE;

  memset (result, 0, sizeof *result);
  result->intact = TRUE;
  if (!db_exec (self, "BEGIN", error))
    return FALSE;

  check = db_prepare (self, "PRAGMA quick_check", error);
  if (check == NULL)
    goto out;
  if (sqlite3_step (check) != SQLITE_ROW)
    {
      db_fail (self, error, "case log");
      goto out;
    }
  if (!g_str_equal (column_text (check, 0), "ok"))
    {
      broken (result, 0, 0, NULL, "the database file is damaged: %s", column_text (check, 0));
      ok = TRUE;
      goto out;
    }
  g_clear_pointer (&check, sqlite3_finalize);

  if (!walk_events (&w, error))
    goto out;
  if (!result->intact)
    {
      ok = TRUE;
      goto out;
    }
  result->head_hash = g_strdup (w.last_hash);
  head_id = meta_get (self, "head_id");
  head_hash = meta_get (self, "head_hash");
  if (w.last_id > 0 && (head_id == NULL || g_ascii_strtoll (head_id, NULL, 10) != w.last_id ||
                        g_strcmp0 (head_hash, w.last_hash) != 0))
    {
      gint64 named = head_id != NULL ? g_ascii_strtoll (head_id, NULL, 10) : 0;

      if (named == w.last_id + 1)
        broken (result, named, 0, NULL, "event %" G_GINT64_FORMAT " is missing: the log's head "
                "names it but the last event is %" G_GINT64_FORMAT, named, w.last_id);
      else if (named > w.last_id)
        broken (result, w.last_id + 1, 0, NULL, "events %" G_GINT64_FORMAT " to %" G_GINT64_FORMAT
                " are missing: the log's head names event %" G_GINT64_FORMAT " but the last "
                "event is %" G_GINT64_FORMAT, w.last_id + 1, named, named, w.last_id);
      else
        broken (result, w.last_id, 0, NULL, "the log's head (event %" G_GINT64_FORMAT ") does "
                "not match its last event %" G_GINT64_FORMAT, named, w.last_id);
      ok = TRUE;
      goto out;
    }
  group = meta_get (self, "supervisor_group");
  if (g_strcmp0 (group, w.group) != 0)
    {
      broken (result, w.group_event, 0, NULL, "the supervisor group setting differs from what "
              "event %" G_GINT64_FORMAT " recorded", w.group_event);
      ok = TRUE;
      goto out;
    }
  for (guint i = 0; i < pending->len; i += 2)
    {
      gint64 event_id = g_array_index (pending, gint64, i);
      gint64 case_id = g_array_index (pending, gint64, i + 1);
      CaseState *c = g_hash_table_lookup (cases, &case_id);

      if (c == NULL || c->purge_event == 0)
        {
          broken (result, event_id, case_id, NULL, "event %" G_GINT64_FORMAT ": its note is "
                  "missing and its case was not purged", event_id);
          ok = TRUE;
          goto out;
        }
    }

  if (!walk_cases (&w, error))
    goto out;
  if (result->intact)
    {
      g_autoptr (GList) states = g_list_sort (g_hash_table_get_values (cases), compare_states);

      for (GList *l = states; l != NULL; l = l->next)
        {
          CaseState *c = l->data;

          if (!c->seen)
            {
              broken (result, c->capture_event, c->id, NULL, "case %" G_GINT64_FORMAT " is "
                      "missing (event %" G_GINT64_FORMAT " logged it)", c->id, c->capture_event);
              break;
            }
        }
    }
  if (result->intact && !walk_images (&w, error))
    goto out;
  ok = TRUE;

out:
  g_free (w.group);
  g_free (w.last_hash);
  g_clear_pointer (&check, sqlite3_finalize);
  rollback (self);
  return ok;
}
