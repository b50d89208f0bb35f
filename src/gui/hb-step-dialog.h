/* hb-step-dialog.h
 *
 * Copyright 2026 The Hassbench developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/*
 * HbStepDialog: a typed form for one step. Each member of the template step becomes a
 * row: strings an entry, booleans a switch, objects and arrays an entry holding JSON.
 * Apply validates the step with the library's step parser; an error that names a field
 * is shown beside that field and the dialog stays open. ::step-ready (JsonObject *step)
 * is emitted with a valid step, then the dialog closes.
 */

#define HB_TYPE_STEP_DIALOG (hb_step_dialog_get_type ())
G_DECLARE_FINAL_TYPE (HbStepDialog, hb_step_dialog, HB, STEP_DIALOG, GtkWindow)

/* @step: the kind and its fields with initial values; fields holding null are optional
 * JSON (an empty entry stays null). */
HbStepDialog *hb_step_dialog_new          (GtkWindow   *parent,
                                           const char  *title,
                                           const char  *description,
                                           JsonObject  *step);
/* The step the form describes now, or NULL with the first field error. (transfer full) */
JsonObject   *hb_step_dialog_build_step   (HbStepDialog *self,
                                           GError      **error);
/* Sets a field's text, as a user would type it (for tests and prefills). */
void          hb_step_dialog_set_field    (HbStepDialog *self,
                                           const char   *name,
                                           const char   *text);
/* (transfer full) (nullable): the form template for @kind (its fields with example values) */
JsonObject   *hb_step_dialog_template     (const char   *kind);

G_END_DECLS
