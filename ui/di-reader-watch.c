/* di-reader-watch.c — the folder a full-page reader writes scan sets into
 *
 * A reader makes one subfolder per document and writes the images of the three lights into
 * it, one after the other, some of them large. A GFileMonitor on the reader folder says when
 * a subfolder appears (created, or moved in when the reader writes elsewhere and renames);
 * the files inside are then looked at every settle period until the listing (names, sizes,
 * times) stays the same over one period with the three lights there, or over three seconds
 * with a white image only (a reader exposes one light after the other, UV and IR taking up
 * to a second each). A folder that never settles into a scan set is reported once, after a
 * minute.
 */
#define G_LOG_DOMAIN "di-reader-watch"

#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "di-reader-watch.h"
#include "di-scan-set.h"
#include "di-types.h"

#define GIVE_UP_US (60 * G_USEC_PER_SEC)
#define WAIT_FOR_LIGHTS_US (3 * G_USEC_PER_SEC)

struct _DiReaderWatch {
  GObject       parent_instance;

  char         *folder;
  guint         settle_ms;
  GFileMonitor *monitor;
  GHashTable   *pending;    /* path → Pending */
};

G_DEFINE_FINAL_TYPE (DiReaderWatch, di_reader_watch, G_TYPE_OBJECT)

enum {
  SCAN_SET,
  PROBLEM,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

typedef struct {
  DiReaderWatch *watch;     /* unowned: the watch removes its pending folders */
  char          *path;
  char          *listing;   /* the last look, or NULL */
  gint64         since;
  gint64         quiet_since;   /* when the listing last changed */
  guint          source;
} Pending;

static void
pending_free (gpointer data)
{
  Pending *p = data;

  g_clear_handle_id (&p->source, g_source_remove);
  g_free (p->path);
  g_free (p->listing);
  g_free (p);
}

static int
compare_lines (gconstpointer a,
               gconstpointer b)
{
  return g_strcmp0 (*(const char *const *) a, *(const char *const *) b);
}

/* Names, sizes and modification times of the folder's files, sorted; NULL if unreadable */
static char *
listing (const char *path)
{
  g_autoptr (GDir) dir = g_dir_open (path, 0, NULL);
  g_autoptr (GPtrArray) lines = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  if (dir == NULL)
    return NULL;
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *file = g_build_filename (path, name, NULL);
      GStatBuf st;

      if (g_stat (file, &st) == 0)
        g_ptr_array_add (lines, g_strdup_printf ("%s\t%lld\t%lld", name, (long long) st.st_size,
                                                 (long long) st.st_mtime));
    }
  g_ptr_array_sort (lines, compare_lines);
  g_ptr_array_add (lines, NULL);
  return g_strjoinv ("\n", (char **) lines->pdata);
}

static gboolean
look_cb (gpointer data)
{
  Pending *p = data;
  DiReaderWatch *self = p->watch;
  g_autofree char *now = listing (p->path);
  char *paths[DI_N_LIGHTS] = { NULL };
  gboolean complete = FALSE;

  if (now == NULL)
    {
      /* removed again, or turned into something else */
      p->source = 0;
      g_hash_table_remove (self->pending, p->path);
      return G_SOURCE_REMOVE;
    }
  if (p->listing == NULL || !g_str_equal (now, p->listing))
    p->quiet_since = g_get_monotonic_time ();
  else if (di_scan_set_find (p->path, paths, NULL) && paths[DI_LIGHT_WHITE] != NULL)
    {
      gboolean all = paths[DI_LIGHT_UV] != NULL && paths[DI_LIGHT_IR] != NULL;

      /* the three lights, unchanged for one look; the white one alone (a reader without UV
       * or IR, or one that failed), unchanged for as long as a reader takes to expose the
       * next light */
      complete = all || g_get_monotonic_time () - p->quiet_since >= WAIT_FOR_LIGHTS_US;
    }
  for (DiLight l = 0; l < DI_N_LIGHTS; l++)
    g_free (paths[l]);
  if (complete)
    {
      g_autofree char *path = g_strdup (p->path);

      p->source = 0;
      g_hash_table_remove (self->pending, path);
      g_signal_emit (self, signals[SCAN_SET], 0, path);
      return G_SOURCE_REMOVE;
    }
  if (g_get_monotonic_time () - p->since > GIVE_UP_US)
    {
      g_autofree char *base = g_path_get_basename (p->path);
      g_autofree char *message =
        g_strdup_printf (_("The reader folder “%s” holds no complete scan set."), base);

      p->source = 0;
      g_hash_table_remove (self->pending, p->path);
      g_signal_emit (self, signals[PROBLEM], 0, message);
      return G_SOURCE_REMOVE;
    }
  g_free (p->listing);
  p->listing = g_steal_pointer (&now);
  return G_SOURCE_CONTINUE;
}

static void
watch_folder (DiReaderWatch *self,
              const char    *path)
{
  Pending *p;

  if (g_hash_table_contains (self->pending, path) ||
      !g_file_test (path, G_FILE_TEST_IS_DIR))
    return;
  p = g_new0 (Pending, 1);
  p->watch = self;
  p->path = g_strdup (path);
  p->since = g_get_monotonic_time ();
  p->source = g_timeout_add (self->settle_ms, look_cb, p);
  g_hash_table_insert (self->pending, p->path, p);
}

static void
changed_cb (GFileMonitor      *monitor,
            GFile             *file,
            GFile             *other,
            GFileMonitorEvent  event,
            gpointer           data)
{
  DiReaderWatch *self = data;
  GFile *target = event == G_FILE_MONITOR_EVENT_MOVED_IN || event == G_FILE_MONITOR_EVENT_CREATED
                    ? file : event == G_FILE_MONITOR_EVENT_RENAMED ? other : NULL;
  g_autofree char *path = NULL;

  if (target == NULL)
    return;
  path = g_file_get_path (target);
  if (path != NULL)
    watch_folder (self, path);
}

static void
di_reader_watch_dispose (GObject *object)
{
  DiReaderWatch *self = DI_READER_WATCH (object);

  if (self->monitor != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->monitor, self);
      g_file_monitor_cancel (self->monitor);
      g_clear_object (&self->monitor);
    }
  g_hash_table_remove_all (self->pending);
  G_OBJECT_CLASS (di_reader_watch_parent_class)->dispose (object);
}

static void
di_reader_watch_finalize (GObject *object)
{
  DiReaderWatch *self = DI_READER_WATCH (object);

  g_free (self->folder);
  g_hash_table_unref (self->pending);
  G_OBJECT_CLASS (di_reader_watch_parent_class)->finalize (object);
}

static void
di_reader_watch_class_init (DiReaderWatchClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = di_reader_watch_dispose;
  object_class->finalize = di_reader_watch_finalize;

  /* (path): a new scan set, complete */
  signals[SCAN_SET] = g_signal_new ("scan-set", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                    0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
  /* (message): a new folder that did not become a scan set */
  signals[PROBLEM] = g_signal_new ("problem", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
}

static void
di_reader_watch_init (DiReaderWatch *self)
{
  self->pending = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, pending_free);
}

/**
 * di_reader_watch_new:
 * @folder: the reader folder
 * @settle_ms: how long a new folder must stay unchanged to count as written
 * @error: return location for a #GError
 *
 * Returns: (transfer full) (nullable): the watch, or %NULL when @folder is not a folder that
 *   can be watched
 */
DiReaderWatch *
di_reader_watch_new (const char *folder,
                     guint       settle_ms,
                     GError    **error)
{
  g_autoptr (DiReaderWatch) self = NULL;
  g_autoptr (GFile) file = NULL;

  g_return_val_if_fail (folder != NULL, NULL);
  if (!g_file_test (folder, G_FILE_TEST_IS_DIR))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_DIRECTORY,
                   _("The reader folder %s is not a folder."), folder);
      return NULL;
    }
  self = g_object_new (DI_TYPE_READER_WATCH, NULL);
  self->folder = g_strdup (folder);
  self->settle_ms = MAX (settle_ms, 10);
  file = g_file_new_for_path (folder);
  self->monitor = g_file_monitor_directory (file, G_FILE_MONITOR_WATCH_MOVES, NULL, error);
  if (self->monitor == NULL)
    return NULL;
  g_signal_connect (self->monitor, "changed", G_CALLBACK (changed_cb), self);
  return g_steal_pointer (&self);
}

const char *
di_reader_watch_get_folder (DiReaderWatch *self)
{
  g_return_val_if_fail (DI_IS_READER_WATCH (self), NULL);
  return self->folder;
}
