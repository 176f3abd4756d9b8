/* di-window.c — the main window: booth, cases and training views, and the toasts */
#define G_LOG_DOMAIN "di-window"

#include "config.h"

#include <glib/gi18n.h>

#include "di-ui-private.h"
#include "di-window.h"

struct _DiWindow {
  AdwApplicationWindow parent_instance;

  /* Template widgets */
  AdwToastOverlay *toasts;
  AdwViewStack    *stack;
  GtkWidget       *open_button;
  DiBoothPage     *booth_page;
  DiCasesPage     *cases_page;
  DiTrainerPage   *trainer_page;

  /* Owned references */
  DiStation       *station;
};

G_DEFINE_FINAL_TYPE (DiWindow, di_window, ADW_TYPE_APPLICATION_WINDOW)

static void
open_scan_action (GtkWidget  *widget,
                  const char *action,
                  GVariant   *parameter)
{
  DiWindow *self = DI_WINDOW (widget);

  di_window_show_view (self, "booth");
  gtk_widget_activate_action (GTK_WIDGET (self->booth_page), "booth.open", NULL);
}

static void
show_view_action (GtkWidget  *widget,
                  const char *action,
                  GVariant   *parameter)
{
  di_window_show_view (DI_WINDOW (widget), g_variant_get_string (parameter, NULL));
}

static void
visible_child_cb (DiWindow *self)
{
  const char *name = adw_view_stack_get_visible_child_name (self->stack);

  gtk_widget_set_visible (self->open_button, g_strcmp0 (name, "booth") == 0);
  if (g_strcmp0 (name, "cases") == 0)
    di_cases_page_refresh (self->cases_page);
}

static gboolean
close_request_cb (GtkWindow *window)
{
  DiWindow *self = DI_WINDOW (window);
  GSettings *settings = di_station_get_settings (self->station);
  int width, height;

  gtk_window_get_default_size (window, &width, &height);
  g_settings_set_int (settings, "window-width", width);
  g_settings_set_int (settings, "window-height", height);
  g_settings_set_boolean (settings, "window-maximized", gtk_window_is_maximized (window));
  return FALSE;
}

static void
di_window_dispose (GObject *object)
{
  g_clear_object (&DI_WINDOW (object)->station);
  G_OBJECT_CLASS (di_window_parent_class)->dispose (object);
}

static void
di_window_class_init (DiWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = di_window_dispose;

  g_type_ensure (DI_TYPE_BOOTH_PAGE);
  g_type_ensure (DI_TYPE_CASES_PAGE);
  g_type_ensure (DI_TYPE_TRAINER_PAGE);
  gtk_widget_class_set_template_from_resource (widget_class, DI_RESOURCE_PATH "/di-window.ui");
  gtk_widget_class_bind_template_child (widget_class, DiWindow, toasts);
  gtk_widget_class_bind_template_child (widget_class, DiWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, DiWindow, open_button);
  gtk_widget_class_bind_template_child (widget_class, DiWindow, booth_page);
  gtk_widget_class_bind_template_child (widget_class, DiWindow, cases_page);
  gtk_widget_class_bind_template_child (widget_class, DiWindow, trainer_page);

  gtk_widget_class_install_action (widget_class, "win.open-scan", NULL, open_scan_action);
  gtk_widget_class_install_action (widget_class, "win.show-view", "s", show_view_action);
}

static void
di_window_init (DiWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  g_signal_connect_swapped (self->stack, "notify::visible-child",
                            G_CALLBACK (visible_child_cb), self);
  g_signal_connect (self, "close-request", G_CALLBACK (close_request_cb), NULL);
}

DiWindow *
di_window_new (AdwApplication *application,
               DiStation      *station)
{
  DiWindow *self = g_object_new (DI_TYPE_WINDOW, "application", application, NULL);
  GSettings *settings = di_station_get_settings (station);

  self->station = g_object_ref (station);
  gtk_window_set_default_size (GTK_WINDOW (self), g_settings_get_int (settings, "window-width"),
                               g_settings_get_int (settings, "window-height"));
  if (g_settings_get_boolean (settings, "window-maximized"))
    gtk_window_maximize (GTK_WINDOW (self));
  di_booth_page_set_station (self->booth_page, station);
  di_cases_page_set_station (self->cases_page, station);
  di_trainer_page_set_station (self->trainer_page, station);
  return self;
}

void
di_window_add_toast (DiWindow   *self,
                     const char *message)
{
  AdwToast *toast;

  g_return_if_fail (DI_IS_WINDOW (self));
  toast = adw_toast_new (message);
  adw_toast_set_timeout (toast, 5);
  adw_toast_overlay_add_toast (self->toasts, toast);
}

void
di_window_show_view (DiWindow   *self,
                     const char *name)
{
  g_return_if_fail (DI_IS_WINDOW (self));
  if (adw_view_stack_get_child_by_name (self->stack, name) != NULL)
    adw_view_stack_set_visible_child_name (self->stack, name);
}

DiBoothPage *
di_window_get_booth_page (DiWindow *self)
{
  g_return_val_if_fail (DI_IS_WINDOW (self), NULL);
  return self->booth_page;
}

DiCasesPage *
di_window_get_cases_page (DiWindow *self)
{
  g_return_val_if_fail (DI_IS_WINDOW (self), NULL);
  return self->cases_page;
}

DiTrainerPage *
di_window_get_trainer_page (DiWindow *self)
{
  g_return_val_if_fail (DI_IS_WINDOW (self), NULL);
  return self->trainer_page;
}
