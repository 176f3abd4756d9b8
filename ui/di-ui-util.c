/* di-ui-util.c — words, icons and colours of checks and verdicts; crops as textures; JSON
 * members; the file chooser; toasts */
#define G_LOG_DOMAIN "di-ui"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "di-app.h"
#include "di-ui-private.h"
#include "di-window.h"

typedef struct {
  const char *id;
  const char *title;
} CheckTitle;

static const CheckTitle check_titles[] = {
  { "mrz.found", N_("MRZ found") },
  { "mrz.format", N_("MRZ format") },
  { "mrz.lights_agree", N_("MRZ alike under white and IR light") },
  { "mrz.ocr.confidence", N_("MRZ read with confidence") },
  { "mrz.syntax.document_code", N_("MRZ: document code") },
  { "mrz.syntax.issuing_state", N_("MRZ: issuing state") },
  { "mrz.syntax.name", N_("MRZ: name") },
  { "mrz.syntax.document_number", N_("MRZ: document number") },
  { "mrz.syntax.nationality", N_("MRZ: nationality") },
  { "mrz.syntax.birth_date", N_("MRZ: date of birth") },
  { "mrz.syntax.sex", N_("MRZ: sex") },
  { "mrz.syntax.expiry_date", N_("MRZ: date of expiry") },
  { "mrz.syntax.optional_data", N_("MRZ: optional data") },
  { "mrz.syntax.optional_data_2", N_("MRZ: optional data (line 2)") },
  { "mrz.check_digit.document_number", N_("Check digit: document number") },
  { "mrz.check_digit.birth_date", N_("Check digit: date of birth") },
  { "mrz.check_digit.expiry_date", N_("Check digit: date of expiry") },
  { "mrz.check_digit.optional_data", N_("Check digit: optional data") },
  { "mrz.check_digit.composite", N_("Check digit: composite") },
  { "uv.dull_paper", N_("UV: dull paper") },
  { "uv.feature.emblem", N_("UV: emblem") },
  { "uv.feature.emblem_photo", N_("UV: emblem over the photo") },
  { "uv.fibres", N_("UV: security fibres") },
  { "ir.mrz_contrast", N_("IR: MRZ print contrast") },
  { "ir.invisible.guilloche", N_("IR: background drops out") },
  { "ir.visible.personalisation", N_("IR: personal data stays black") },
  { "photo.ghost", N_("Ghost image matches the photo") },
  { "white.pattern.guilloche", N_("Guilloche pattern") },
  { "white.pattern.arms", N_("Arms of the state") },
  { "viz.surname", N_("Visual zone: surname") },
  { "viz.given_names", N_("Visual zone: given names") },
  { "viz.document_number", N_("Visual zone: document number") },
  { "viz.birth_date", N_("Visual zone: date of birth") },
  { "viz.sex", N_("Visual zone: sex") },
  { "viz.expiry_date", N_("Visual zone: date of expiry") },
  { "doc.expired", N_("Document not expired") },
  { "doc.specimen", N_("Specimen document") },
  { "doc.template", N_("Reference template") },
};

const char *
di_ui_check_title (const char *id)
{
  for (guint i = 0; i < G_N_ELEMENTS (check_titles); i++)
    if (g_str_equal (check_titles[i].id, id))
      return _(check_titles[i].title);
  return id;
}

static const CheckTitle field_titles[] = {
  { "document_code", N_("document code") },
  { "issuing_state", N_("issuing state") },
  { "surname", N_("surname") },
  { "given_names", N_("given names") },
  { "document_number", N_("document number") },
  { "nationality", N_("nationality") },
  { "birth_date", N_("date of birth") },
  { "sex", N_("sex") },
  { "expiry_date", N_("date of expiry") },
  { "optional_data", N_("optional data") },
  { "optional_data_2", N_("optional data (line 2)") },
};

const char *
di_ui_field_title (const char *field)
{
  for (guint i = 0; i < G_N_ELEMENTS (field_titles); i++)
    if (g_str_equal (field_titles[i].id, field))
      return _(field_titles[i].title);
  return field;
}

const char *
di_ui_light_title (DiLight light)
{
  switch (light)
    {
    case DI_LIGHT_WHITE:
      return _("White");
    case DI_LIGHT_UV:
      return _("UV");
    case DI_LIGHT_IR:
      return _("IR");
    default:
      return "";
    }
}

const char *
di_ui_verdict_title (const char *verdict)
{
  if (g_strcmp0 (verdict, "accept") == 0)
    return _("Accept");
  if (g_strcmp0 (verdict, "review") == 0)
    return _("Review");
  if (g_strcmp0 (verdict, "reject") == 0)
    return _("Reject");
  return _("No verdict");
}

const char *
di_ui_verdict_icon (const char *verdict)
{
  if (g_strcmp0 (verdict, "accept") == 0)
    return "emblem-ok-symbolic";
  if (g_strcmp0 (verdict, "review") == 0)
    return "dialog-warning-symbolic";
  if (g_strcmp0 (verdict, "reject") == 0)
    return "action-unavailable-symbolic";
  return "dialog-question-symbolic";
}

const char *
di_ui_verdict_css (const char *verdict)
{
  if (g_strcmp0 (verdict, "accept") == 0)
    return "verdict-accept";
  if (g_strcmp0 (verdict, "review") == 0)
    return "verdict-review";
  if (g_strcmp0 (verdict, "reject") == 0)
    return "verdict-reject";
  return "verdict-none";
}

const char *
di_ui_status_title (const char *status)
{
  if (g_strcmp0 (status, "pass") == 0)
    return _("Passed");
  if (g_strcmp0 (status, "fail") == 0)
    return _("Failed");
  return _("Not done");
}

const char *
di_ui_status_icon (const char *status)
{
  if (g_strcmp0 (status, "pass") == 0)
    return "emblem-ok-symbolic";
  if (g_strcmp0 (status, "fail") == 0)
    return "window-close-symbolic";
  return "content-loading-symbolic";
}

const char *
di_ui_status_css (const char *status)
{
  if (g_strcmp0 (status, "pass") == 0)
    return "status-pass";
  if (g_strcmp0 (status, "fail") == 0)
    return "status-fail";
  return "status-not-done";
}

const char *
di_ui_decision_title (const char *decision)
{
  if (g_strcmp0 (decision, "accepted") == 0)
    return _("Accepted");
  if (g_strcmp0 (decision, "refused") == 0)
    return _("Refused");
  if (g_strcmp0 (decision, "referred") == 0)
    return _("Referred to a supervisor");
  return _("Not decided");
}

const char *
di_ui_disposition_title (const char *disposition)
{
  if (g_strcmp0 (disposition, "confirmed-fraud") == 0)
    return _("Confirmed fraud");
  if (g_strcmp0 (disposition, "false-alarm") == 0)
    return _("False alarm");
  if (g_strcmp0 (disposition, "needs-follow-up") == 0)
    return _("Needs follow-up");
  return _("Not reviewed");
}

gboolean
di_ui_check_light (JsonObject *check,
                   DiLight    *light)
{
  const char *name = di_json_member_string (check, "light");

  return name != NULL && di_light_from_string (name, light);
}

GdkTexture *
di_ui_texture_new_for_surface (cairo_surface_t *surface)
{
  int w = cairo_image_surface_get_width (surface), h = cairo_image_surface_get_height (surface);
  int stride = cairo_image_surface_get_stride (surface);
  guint8 *copy = g_malloc ((gsize) stride * h);
  g_autoptr (GBytes) bytes = NULL;

  cairo_surface_flush (surface);
  memcpy (copy, cairo_image_surface_get_data (surface), (gsize) stride * h);
  for (int y = 0; y < h; y++)
    {
      guint32 *row = (guint32 *) (copy + (gsize) y * stride);

      for (int x = 0; x < w; x++)
        row[x] |= 0xff000000u;
    }
  bytes = g_bytes_new_take (copy, (gsize) stride * h);
  return gdk_memory_texture_new (w, h, GDK_MEMORY_DEFAULT, bytes, stride);
}

typedef struct {
  DiUiPathCallback callback;
  gpointer         user_data;
} Choice;

static void
chooser_response_cb (GtkNativeDialog *dialog,
                     int              response,
                     gpointer         data)
{
  Choice *choice = data;
  g_autoptr (GFile) file = NULL;
  g_autofree char *path = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
  if (file != NULL)
    path = g_file_get_path (file);
  choice->callback (path, choice->user_data);
  g_free (choice);
  g_object_unref (dialog);
}

void
di_ui_choose_path (GtkWidget            *parent,
                   const char           *title,
                   GtkFileChooserAction  action,
                   const char           *current_name,
                   DiUiPathCallback      callback,
                   gpointer              user_data)
{
  GtkRoot *root = gtk_widget_get_root (parent);
  GtkFileChooserNative *dialog;
  Choice *choice = g_new0 (Choice, 1);

  dialog = gtk_file_chooser_native_new (title, GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                        action,
                                        action == GTK_FILE_CHOOSER_ACTION_SAVE ? _("_Save")
                                                                               : _("_Open"),
                                        _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (dialog), TRUE);
  if (current_name != NULL)
    gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (dialog), current_name);
  choice->callback = callback;
  choice->user_data = user_data;
  g_signal_connect (dialog, "response", G_CALLBACK (chooser_response_cb), choice);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (dialog));
}

void
di_ui_toast (GtkWidget  *widget,
             const char *message)
{
  GtkRoot *root = gtk_widget_get_root (widget);

  if (DI_IS_WINDOW (root))
    di_window_add_toast (DI_WINDOW (root), message);
  else
    g_message ("%s", message);
}
