/* hb-assertion-dialog.h
 *
 * Copyright 2026 The Hassbench developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>
#include <json-glib/json-glib.h>

#include "hb-expectation.h"

G_BEGIN_DECLS

/*
 * HbAssertionDialog: "Add Assertion" for one recorded row. It shows the expectation
 * hb_expectation_build() made from the row as a form (each field an entry: strings as
 * typed, other values as JSON), and for API calls a choice of flavour (called with at
 * least these arguments, exactly these, not called, a number of times), which rebuilds
 * the form from the row. Add validates the step with the library's parser; an error that
 * names a field shows beside it and the dialog stays open. ::assertion-ready
 * (JsonObject *step) is emitted with a valid step, then the dialog closes.
 */

#define HB_TYPE_ASSERTION_DIALOG (hb_assertion_dialog_get_type ())
G_DECLARE_FINAL_TYPE (HbAssertionDialog, hb_assertion_dialog, HB, ASSERTION_DIALOG, GtkWindow)

/* @row, @context: as hb_expectation_build() takes them (referenced).
 * Returns: (nullable): NULL with the builder's error when the row cannot become an
 *   expectation */
HbAssertionDialog   *hb_assertion_dialog_new          (GtkWindow            *parent,
                                                       HbExpectationSource   source,
                                                       JsonObject           *row,
                                                       JsonArray            *context,
                                                       const char           *where,
                                                       GError              **error);
HbExpectationFlavour hb_assertion_dialog_get_flavour  (HbAssertionDialog    *self);
/* Only flavours on offer for the row's source are accepted (FALSE otherwise). */
gboolean             hb_assertion_dialog_set_flavour  (HbAssertionDialog    *self,
                                                       HbExpectationFlavour  flavour);
/* The step the form describes now. (transfer full) */
JsonObject          *hb_assertion_dialog_build_step   (HbAssertionDialog    *self,
                                                       GError              **error);
/* Sets a field's text, as a user would type it. */
void                 hb_assertion_dialog_set_field    (HbAssertionDialog    *self,
                                                       const char           *name,
                                                       const char           *text);

G_END_DECLS
