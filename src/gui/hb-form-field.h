/* hb-form-field.h
 *
 * Copyright 2026 The Hassbench developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/*
 * HbFormField: one row of a generated form (the step form, the app config form): a name,
 * the input widget, and the error label shown beside it. Forms embed it as the first
 * member of their own field struct and keep their fields in a GPtrArray.
 */
typedef struct
{
  char      *name;
  GtkWidget *widget;
  GtkLabel  *error;
} HbFormField;

/* Lays out @field in @grid at @row: "@label_text  widget", the error label below the
 * widget (hidden). Takes @widget; sets @field's members. */
void         hb_form_field_attach       (HbFormField *field,
                                         const char  *name,
                                         GtkWidget   *widget,
                                         const char  *label_text,
                                         GtkGrid     *grid,
                                         int          row);
void         hb_form_field_clear        (HbFormField *field);
/* (nullable): the field named @name among @fields (of structs starting with HbFormField) */
HbFormField *hb_form_fields_find        (GPtrArray   *fields,
                                         const char  *name);
/* (nullable): the field a step parser's @message is about ("new_value: expected ...",
 * "steps[2].entity_id: ..."), among @fields */
HbFormField *hb_form_fields_for_message (GPtrArray  *fields,
                                         const char *message);
/* Hides every field's error and the form's @general label. */
void         hb_form_fields_clear_errors (GPtrArray  *fields,
                                          GtkLabel   *general);
/* Shows @message beside @field and focuses it, or in @general when @field is NULL. */
void         hb_form_field_show_error   (HbFormField *field,
                                         GtkLabel    *general,
                                         const char  *message);

G_END_DECLS
