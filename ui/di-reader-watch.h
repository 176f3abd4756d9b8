/* di-reader-watch.h — the folder a full-page reader writes scan sets into */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define DI_TYPE_READER_WATCH (di_reader_watch_get_type ())
G_DECLARE_FINAL_TYPE (DiReaderWatch, di_reader_watch, DI, READER_WATCH, GObject)

/* Watches @folder for new subfolders; each emits "scan-set" (its path) once the reader has
 * finished writing it: its white, UV and IR images unchanged for @settle_ms, or a white image
 * alone unchanged for three seconds. Subfolders there before the watch began are left
 * alone. */
DiReaderWatch *di_reader_watch_new       (const char    *folder,
                                          guint          settle_ms,
                                          GError       **error);
const char    *di_reader_watch_get_folder (DiReaderWatch *self);

G_END_DECLS
