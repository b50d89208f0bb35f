/* hb-export-dialog.c
 *
 * Copyright 2026 The Hassbench developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "hb-export-dialog.h"
#include "hb-file-dialogs.h"

struct _HbExportDialog
{
  GtkWindow    parent_instance;

  char        *suggested_name;

  GtkLabel    *status_label;
  GtkTextView *text_view;
};

G_DEFINE_FINAL_TYPE (HbExportDialog, hb_export_dialog, GTK_TYPE_WINDOW)

static void
show_status (HbExportDialog *self,
             const char     *message,
             gboolean        is_error)
{
  gtk_label_set_label (self->status_label, message);
  if (is_error)
    gtk_widget_add_css_class (GTK_WIDGET (self->status_label), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->status_label), "error");
}

char *
hb_export_dialog_dup_text (HbExportDialog *self)
{
  GtkTextBuffer *buffer;
  GtkTextIter start, end;

  g_return_val_if_fail (HB_IS_EXPORT_DIALOG (self), NULL);

  buffer = gtk_text_view_get_buffer (self->text_view);
  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}

gboolean
hb_export_dialog_save_to (HbExportDialog  *self,
                          GFile           *file,
                          GError         **error)
{
  g_autofree char *text = NULL;
  g_autofree char *name = NULL;
  g_autofree char *message = NULL;
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (HB_IS_EXPORT_DIALOG (self), FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);

  text = hb_export_dialog_dup_text (self);
  name = g_file_get_parse_name (file);
  /* g_file_replace_contents writes a temporary file and renames it over the target. */
  if (!g_file_replace_contents (file, text, strlen (text), NULL, FALSE, G_FILE_CREATE_NONE,
                                NULL, NULL, &local_error))
    {
      g_prefix_error (&local_error, "%s: ", name);
      show_status (self, local_error->message, TRUE);
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  message = g_strdup_printf (_("Saved to %s"), name);
  show_status (self, message, FALSE);
  return TRUE;
}

static void
save_chosen_cb (GFile    *file,
                gpointer  user_data)
{
  g_autoptr(HbExportDialog) self = user_data;

  /* The error, if any, is in the dialog already. */
  if (file != NULL)
    hb_export_dialog_save_to (self, file, NULL);
}

static void
save_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  HbExportDialog *self = HB_EXPORT_DIALOG (widget);

  hb_file_dialogs_save (GTK_WINDOW (self), _("Save Exported Test"), self->suggested_name,
                        save_chosen_cb, g_object_ref (self));
}

static void
copy_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  HbExportDialog *self = HB_EXPORT_DIALOG (widget);
  g_autofree char *text = hb_export_dialog_dup_text (self);

  gdk_clipboard_set_text (gtk_widget_get_clipboard (widget), text);
  show_status (self, _("Copied to the clipboard"), FALSE);
}

static void
hb_export_dialog_finalize (GObject *object)
{
  HbExportDialog *self = HB_EXPORT_DIALOG (object);

  g_free (self->suggested_name);

  G_OBJECT_CLASS (hb_export_dialog_parent_class)->finalize (object);
}

static void
hb_export_dialog_class_init (HbExportDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = hb_export_dialog_finalize;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/dev/hassbench/Hassbench/hb-export-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, HbExportDialog, status_label);
  gtk_widget_class_bind_template_child (widget_class, HbExportDialog, text_view);

  gtk_widget_class_install_action (widget_class, "export.save", NULL, save_action);
  gtk_widget_class_install_action (widget_class, "export.copy", NULL, copy_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_s, GDK_CONTROL_MASK,
                                       "export.save", NULL);
}

static void
hb_export_dialog_init (HbExportDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

HbExportDialog *
hb_export_dialog_new (GtkWindow  *parent,
                      const char *title,
                      const char *text,
                      const char *suggested_name)
{
  HbExportDialog *self;

  g_return_val_if_fail (text != NULL, NULL);

  self = g_object_new (HB_TYPE_EXPORT_DIALOG, "transient-for", parent, "title", title, NULL);
  self->suggested_name = g_strdup (suggested_name);
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->text_view), text, -1);
  gtk_label_set_label (self->status_label,
                       _("A GTest program using libhassbench. Build it with: "
                         "cc test.c $(pkg-config --cflags --libs hassbench-1)"));
  /* Not the selectable label, which would show all its text selected. */
  gtk_widget_grab_focus (GTK_WIDGET (self->text_view));
  return self;
}
