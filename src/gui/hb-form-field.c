/* hb-form-field.c
 *
 * Copyright 2026 The Hassbench developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "hb-form-field.h"

void
hb_form_field_attach (HbFormField *field,
                      const char  *name,
                      GtkWidget   *widget,
                      const char  *label_text,
                      GtkGrid     *grid,
                      int          row)
{
  GtkWidget *label = gtk_label_new (label_text);

  field->name = g_strdup (name);
  field->widget = widget;

  gtk_label_set_xalign (GTK_LABEL (label), 1);
  gtk_widget_add_css_class (label, "dim-label");
  gtk_accessible_update_relation (GTK_ACCESSIBLE (widget),
                                  GTK_ACCESSIBLE_RELATION_LABELLED_BY, label, NULL, -1);

  field->error = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_xalign (field->error, 0);
  gtk_label_set_wrap (field->error, TRUE);
  gtk_widget_add_css_class (GTK_WIDGET (field->error), "error");
  gtk_widget_set_visible (GTK_WIDGET (field->error), FALSE);

  gtk_grid_attach (grid, label, 0, row, 1, 1);
  gtk_grid_attach (grid, widget, 1, row, 1, 1);
  gtk_grid_attach (grid, GTK_WIDGET (field->error), 1, row + 1, 1, 1);
}

void
hb_form_field_clear (HbFormField *field)
{
  g_clear_pointer (&field->name, g_free);
}

HbFormField *
hb_form_fields_find (GPtrArray  *fields,
                     const char *name)
{
  for (guint i = 0; i < fields->len; i++)
    {
      HbFormField *field = g_ptr_array_index (fields, i);

      if (g_str_equal (field->name, name))
        return field;
    }
  return NULL;
}

void
hb_form_fields_clear_errors (GPtrArray *fields,
                             GtkLabel  *general)
{
  for (guint i = 0; i < fields->len; i++)
    {
      HbFormField *field = g_ptr_array_index (fields, i);

      gtk_widget_set_visible (GTK_WIDGET (field->error), FALSE);
      gtk_widget_remove_css_class (field->widget, "error");
    }
  gtk_widget_set_visible (GTK_WIDGET (general), FALSE);
}

void
hb_form_field_show_error (HbFormField *field,
                          GtkLabel    *general,
                          const char  *message)
{
  if (field == NULL)
    {
      gtk_label_set_label (general, message);
      gtk_widget_set_visible (GTK_WIDGET (general), TRUE);
      return;
    }

  gtk_label_set_label (field->error, message);
  gtk_widget_set_visible (GTK_WIDGET (field->error), TRUE);
  gtk_widget_add_css_class (field->widget, "error");
  gtk_widget_grab_focus (field->widget);
}

HbFormField *
hb_form_fields_for_message (GPtrArray  *fields,
                            const char *message)
{
  for (guint i = 0; i < fields->len; i++)
    {
      HbFormField *field = g_ptr_array_index (fields, i);
      g_autofree char *needle = g_strdup_printf ("%s:", field->name);
      const char *at = strstr (message, needle);

      /* A whole name: at the start, after a path's dot, or after a space. */
      if (at != NULL && (at == message || at[-1] == '.' || at[-1] == ' '))
        return field;
    }
  return NULL;
}
