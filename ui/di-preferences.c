/* di-preferences.c — the preferences window, every row bound to a GSettings key */
#define G_LOG_DOMAIN "di-preferences"

#include "config.h"

#include <glib/gi18n.h>

#include "di-preferences.h"
#include "di-ui-private.h"

typedef struct {
  GSettings   *settings;
  const char  *key;
  AdwActionRow *row;
  const char  *empty;       /* the subtitle when the key is empty */
} PathRow;

static void
path_row_free (gpointer data)
{
  PathRow *p = data;

  g_object_unref (p->settings);
  g_free (p);
}

static void
path_row_update (PathRow *p)
{
  g_autofree char *value = g_settings_get_string (p->settings, p->key);

  adw_action_row_set_subtitle (p->row, *value != '\0' ? value : _(p->empty));
}

static void
setting_changed_cb (GSettings  *settings,
                    const char *key,
                    GtkWidget  *row)
{
  path_row_update (g_object_get_data (G_OBJECT (row), "path-row"));
}

static void
path_chosen_cb (const char *path,
                gpointer    data)
{
  PathRow *p = data;

  if (path != NULL)
    g_settings_set_string (p->settings, p->key, path);
}

static void
choose_clicked_cb (GtkButton *button,
                   PathRow   *p)
{
  GtkFileChooserAction action = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (button), "action"));

  di_ui_choose_path (GTK_WIDGET (button), adw_preferences_row_get_title (ADW_PREFERENCES_ROW (p->row)),
                     action, action == GTK_FILE_CHOOSER_ACTION_SAVE ? "cases.db" : NULL,
                     path_chosen_cb, p);
}

static void
clear_clicked_cb (GtkButton *button,
                  PathRow   *p)
{
  g_settings_reset (p->settings, p->key);
}

/* A row showing a path setting, with a button to choose one and one to go back to the
 * default */
static GtkWidget *
path_row (GSettings            *settings,
          const char           *key,
          const char           *title,
          const char           *empty,
          GtkFileChooserAction  action)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *choose = gtk_button_new_with_label (_("Choose…"));
  GtkWidget *clear = gtk_button_new_from_icon_name ("edit-clear-symbolic");
  PathRow *p = g_new0 (PathRow, 1);

  p->settings = g_object_ref (settings);
  p->key = key;
  p->row = ADW_ACTION_ROW (row);
  p->empty = empty;
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_preferences_row_set_use_underline (ADW_PREFERENCES_ROW (row), TRUE);
  gtk_widget_set_valign (choose, GTK_ALIGN_CENTER);
  gtk_widget_set_valign (clear, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (clear, "flat");
  gtk_widget_set_tooltip_text (clear, _("Use the default"));
  g_object_set_data (G_OBJECT (choose), "action", GINT_TO_POINTER (action));
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), choose);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), clear);
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), choose);
  g_signal_connect (choose, "clicked", G_CALLBACK (choose_clicked_cb), p);
  g_signal_connect (clear, "clicked", G_CALLBACK (clear_clicked_cb), p);
  g_object_set_data_full (G_OBJECT (row), "path-row", p, path_row_free);
  {
    g_autofree char *signal = g_strdup_printf ("changed::%s", key);

    g_signal_connect_object (settings, signal, G_CALLBACK (setting_changed_cb), row, 0);
  }
  path_row_update (p);
  return row;
}

static GtkWidget *
entry_row (GSettings  *settings,
           const char *key,
           const char *title)
{
  GtkWidget *row = adw_entry_row_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_preferences_row_set_use_underline (ADW_PREFERENCES_ROW (row), TRUE);
  g_settings_bind (settings, key, row, "text", G_SETTINGS_BIND_DEFAULT);
  return row;
}

/**
 * di_preferences_new:
 * @settings: the application's settings
 *
 * Returns: (transfer full): the preferences window
 */
GtkWindow *
di_preferences_new (GSettings *settings)
{
  GtkWidget *window = adw_preferences_window_new ();
  GtkWidget *page = adw_preferences_page_new ();
  GtkWidget *reader = adw_preferences_group_new ();
  GtkWidget *log = adw_preferences_group_new ();
  GtkWidget *inspection = adw_preferences_group_new ();
  GtkWidget *watch = adw_action_row_new ();
  GtkWidget *watch_switch = gtk_switch_new ();

  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (reader), _("Reader"));
  adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (reader),
                                         _("The full-page reader writes each scan set as a "
                                           "folder of white, UV and IR images."));
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (reader),
                             path_row (settings, "reader-folder", _("_Reader folder"),
                                       N_("Not set"), GTK_FILE_CHOOSER_ACTION_SELECT_FOLDER));
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (watch), _("_Open new scan sets"));
  adw_preferences_row_set_use_underline (ADW_PREFERENCES_ROW (watch), TRUE);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (watch),
                               _("Each scan set the reader writes opens in the booth"));
  gtk_widget_set_valign (watch_switch, GTK_ALIGN_CENTER);
  adw_action_row_add_suffix (ADW_ACTION_ROW (watch), watch_switch);
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (watch), watch_switch);
  g_settings_bind (settings, "watch-reader", watch_switch, "active", G_SETTINGS_BIND_DEFAULT);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (reader), watch);

  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (log), _("Case Log"));
  adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (log),
                                         _("Every inspection and decision is recorded there."));
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (log),
                             path_row (settings, "case-log", _("Case _log"),
                                       N_("The default: cases.db in your data folder"),
                                       GTK_FILE_CHOOSER_ACTION_SAVE));
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (log),
                             entry_row (settings, "station-id", _("_Station (empty: the host name)")));
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (log),
                             entry_row (settings, "officer-id",
                                        _("O_fficer (empty: your login name)")));

  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (inspection), _("Inspection"));
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (inspection),
                             path_row (settings, "policy", _("Verdict _policy"),
                                       N_("The policy installed with DocInspect"),
                                       GTK_FILE_CHOOSER_ACTION_OPEN));
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (inspection),
                             path_row (settings, "templates-folder", _("_Templates folder"),
                                       N_("The templates installed with DocInspect"),
                                       GTK_FILE_CHOOSER_ACTION_SELECT_FOLDER));

  adw_preferences_page_add (ADW_PREFERENCES_PAGE (page), ADW_PREFERENCES_GROUP (reader));
  adw_preferences_page_add (ADW_PREFERENCES_PAGE (page), ADW_PREFERENCES_GROUP (log));
  adw_preferences_page_add (ADW_PREFERENCES_PAGE (page), ADW_PREFERENCES_GROUP (inspection));
  adw_preferences_window_add (ADW_PREFERENCES_WINDOW (window), ADW_PREFERENCES_PAGE (page));
  adw_preferences_window_set_search_enabled (ADW_PREFERENCES_WINDOW (window), FALSE);
  gtk_window_set_modal (GTK_WINDOW (window), TRUE);
  return GTK_WINDOW (window);
}
