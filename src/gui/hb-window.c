/* hb-window.c
 *
 * Copyright 2026 The Hassbench developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "hb-window-private.h"

G_DEFINE_FINAL_TYPE (HbWindow, hb_window, GTK_TYPE_APPLICATION_WINDOW)

static void
hb_window_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), HB_TYPE_WINDOW);

  G_OBJECT_CLASS (hb_window_parent_class)->dispose (object);
}

static void
hb_window_class_init (HbWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = hb_window_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/dev/hassbench/Hassbench/hb-window.ui");
  gtk_widget_class_bind_template_child (widget_class, HbWindow, header_bar);
  gtk_widget_class_bind_template_child (widget_class, HbWindow, primary_menu_button);
  gtk_widget_class_bind_template_child (widget_class, HbWindow, placeholder);

  _hb_window_class_actions_init (klass);
}

static void
hb_window_init (HbWindow *self)
{
  GtkApplication *app;

  gtk_widget_init_template (GTK_WIDGET (self));

  app = GTK_APPLICATION (g_application_get_default ());
  if (app != NULL)
    gtk_menu_button_set_menu_model (self->primary_menu_button,
                                    G_MENU_MODEL (gtk_application_get_menu_by_id (app, "primary_menu")));
}

HbWindow *
hb_window_new (HbApplication *application)
{
  g_return_val_if_fail (HB_IS_APPLICATION (application), NULL);

  return g_object_new (HB_TYPE_WINDOW, "application", application, NULL);
}

void
hb_window_open_file (HbWindow *self,
                     GFile    *file)
{
  g_autofree char *name = NULL;

  g_return_if_fail (HB_IS_WINDOW (self));
  g_return_if_fail (G_IS_FILE (file));

  name = g_file_get_parse_name (file);
  gtk_label_set_label (self->placeholder, name);
}
