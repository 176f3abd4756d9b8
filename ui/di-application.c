/* di-application.c — the desktop application: settings, the station, actions, windows */
#define G_LOG_DOMAIN "di-application"

#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>
#include <stdio.h>

#include "di-application.h"
#include "di-ui.h"
#include "di-preferences.h"
#include "di-ui-private.h"
#include "di-window.h"
#include "di-resources.h"

struct _DiApplication {
  AdwApplication parent_instance;

  GSettings     *settings;
  DiStation     *station;
};

G_DEFINE_FINAL_TYPE (DiApplication, di_application, ADW_TYPE_APPLICATION)

static DiWindow *
ensure_window (DiApplication *self)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));

  if (window == NULL)
    window = GTK_WINDOW (di_window_new (ADW_APPLICATION (self), self->station));
  return DI_WINDOW (window);
}

static void
di_application_activate (GApplication *app)
{
  gtk_window_present (GTK_WINDOW (ensure_window (DI_APPLICATION (app))));
}

static void
di_application_open (GApplication  *app,
                     GFile        **files,
                     int            n_files,
                     const char    *hint)
{
  DiWindow *window = ensure_window (DI_APPLICATION (app));
  g_autoptr (GSList) list = NULL;

  for (int i = n_files - 1; i >= 0; i--)
    list = g_slist_prepend (list, files[i]);
  gtk_window_present (GTK_WINDOW (window));
  di_window_show_view (window, "booth");
  di_booth_page_open_files (di_window_get_booth_page (window), list);
}

static void
quit_action (GSimpleAction *action,
             GVariant      *parameter,
             gpointer       data)
{
  g_autoptr (GList) windows = g_list_copy (gtk_application_get_windows (GTK_APPLICATION (data)));

  /* closing saves each window's state */
  for (GList *w = windows; w != NULL; w = w->next)
    gtk_window_close (w->data);
}

static void
preferences_action (GSimpleAction *action,
                    GVariant      *parameter,
                    gpointer       data)
{
  DiApplication *self = data;
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));
  GtkWindow *preferences = di_preferences_new (self->settings);

  gtk_window_set_transient_for (preferences, window);
  gtk_window_present (preferences);
}

static void
about_action (GSimpleAction *action,
              GVariant      *parameter,
              gpointer       data)
{
  DiApplication *self = data;
  const char *developers[] = { _("The DocInspect developers"), NULL };
  GtkWidget *about = adw_about_window_new ();

  adw_about_window_set_application_name (ADW_ABOUT_WINDOW (about), "DocInspect");
  adw_about_window_set_application_icon (ADW_ABOUT_WINDOW (about), DI_APP_ID);
  adw_about_window_set_version (ADW_ABOUT_WINDOW (about), PACKAGE_VERSION);
  adw_about_window_set_developer_name (ADW_ABOUT_WINDOW (about),
                                       _("The DocInspect developers"));
  adw_about_window_set_developers (ADW_ABOUT_WINDOW (about), developers);
  adw_about_window_set_comments (ADW_ABOUT_WINDOW (about),
                                 _("Travel-document inspection under white, UV and IR light: "
                                   "the MRZ (ICAO Doc 9303), the security features against a "
                                   "reference template, and the visual zone against the MRZ."));
  adw_about_window_set_license_type (ADW_ABOUT_WINDOW (about), GTK_LICENSE_GPL_3_0);
  /* Translators: your names, one per line */
  adw_about_window_set_translator_credits (ADW_ABOUT_WINDOW (about), _("translator-credits"));
  gtk_window_set_transient_for (GTK_WINDOW (about),
                                gtk_application_get_active_window (GTK_APPLICATION (self)));
  gtk_window_present (GTK_WINDOW (about));
}

static const GActionEntry app_actions[] = {
  { "quit", quit_action },
  { "preferences", preferences_action },
  { "about", about_action },
};

static void
di_application_startup (GApplication *app)
{
  DiApplication *self = DI_APPLICATION (app);
  static const struct {
    const char *action;
    const char *accels[3];
  } accels[] = {
    { "app.quit", { "<primary>q", NULL } },
    { "app.preferences", { "<primary>comma", NULL } },
    { "win.open-scan", { "<primary>o", NULL } },
    { "win.show-view::booth", { "<alt>1", NULL } },
    { "win.show-view::cases", { "<alt>2", NULL } },
    { "win.show-view::training", { "<alt>3", NULL } },
    { "window.close", { "<primary>w", NULL } },
  };

  G_APPLICATION_CLASS (di_application_parent_class)->startup (app);
  g_action_map_add_action_entries (G_ACTION_MAP (self), app_actions, G_N_ELEMENTS (app_actions),
                                   self);
  for (guint i = 0; i < G_N_ELEMENTS (accels); i++)
    gtk_application_set_accels_for_action (GTK_APPLICATION (self), accels[i].action,
                                           accels[i].accels);
  gtk_window_set_default_icon_name (DI_APP_ID);
  /* the engines load while the window opens */
  di_station_prepare (self->station);
}

static void
di_application_dispose (GObject *object)
{
  DiApplication *self = DI_APPLICATION (object);

  g_clear_object (&self->station);
  g_clear_object (&self->settings);
  G_OBJECT_CLASS (di_application_parent_class)->dispose (object);
}

static void
di_application_class_init (DiApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->dispose = di_application_dispose;
  app_class->startup = di_application_startup;
  app_class->activate = di_application_activate;
  app_class->open = di_application_open;
}

static void
di_application_init (DiApplication *self)
{
}

GSettings *
di_application_settings_new (GError **error)
{
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr (GSettingsSchema) schema = NULL;
  g_autoptr (GSettingsSchemaSource) build = NULL;

  if (source != NULL)
    schema = g_settings_schema_source_lookup (source, DI_APP_ID, TRUE);
  /* run from the build folder: the schema compiled there */
  if (schema == NULL && g_file_test (DI_BUILD_SCHEMA_DIR "/gschemas.compiled",
                                     G_FILE_TEST_IS_REGULAR))
    {
      build = g_settings_schema_source_new_from_directory (DI_BUILD_SCHEMA_DIR, source, FALSE,
                                                           NULL);
      if (build != NULL)
        schema = g_settings_schema_source_lookup (build, DI_APP_ID, FALSE);
    }
  if (schema == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                   _("the settings schema %s is not installed (meson install puts it in place)"),
                   DI_APP_ID);
      return NULL;
    }
  return g_settings_new_full (schema, NULL, NULL);
}

DiApplication *
di_application_new (GSettings        *settings,
                    GApplicationFlags flags)
{
  DiApplication *self = g_object_new (DI_TYPE_APPLICATION,
                                      "application-id", DI_APP_ID,
                                      "flags", flags | G_APPLICATION_HANDLES_OPEN,
                                      "resource-base-path", DI_RESOURCE_PATH,
                                      NULL);

  self->settings = g_object_ref (settings);
  self->station = di_station_new (settings);
  return self;
}

DiStation *
di_application_get_station (DiApplication *self)
{
  g_return_val_if_fail (DI_IS_APPLICATION (self), NULL);
  return self->station;
}

/**
 * di_ui_init:
 *
 * Binds the translations and registers the resources; once per process.
 */
void
di_ui_init (void)
{
  static gsize done = 0;
  const char *localedir = g_getenv ("DOCINSPECT_LOCALEDIR");

  if (!g_once_init_enter (&done))
    return;
  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, localedir != NULL && *localedir != '\0' ? localedir
                                                                            : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
  di_register_resource ();
  g_once_init_leave (&done, 1);
}

int
di_application_main (int    argc,
                     char **argv)
{
  g_autoptr (GSettings) settings = NULL;
  g_autoptr (DiApplication) app = NULL;
  g_autoptr (GError) error = NULL;

  di_ui_init ();
  /* GTK's cairo renderer unless told otherwise: the views are pages that change when a
   * document comes, and on a booth computer without a graphics processor the GL renderer
   * runs in software and takes the processors the inspection needs (bench/README.md) */
  g_setenv ("GSK_RENDERER", "cairo", FALSE);
  g_set_application_name ("DocInspect");
  settings = di_application_settings_new (&error);
  if (settings == NULL)
    {
      fprintf (stderr, "docinspect-gui: %s\n", error->message);
      return 2;
    }
  app = di_application_new (settings, G_APPLICATION_DEFAULT_FLAGS);
  return g_application_run (G_APPLICATION (app), argc, argv) == 0 ? 0 : 2;
}
