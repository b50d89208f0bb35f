/* hb-config-dialog.h
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
 * HbConfigDialog: a form generated from an app's config schema (the host's
 * [{name, type, default, required, description}]): entries for strings and entity ids,
 * spin buttons for numbers, switches for booleans, JSON entries for objects and arrays.
 * What the form can check itself (entity ids, JSON, required fields) is shown beside the
 * field before anything is sent; the harness's own verdict comes back through
 * hb_config_dialog_show_error(). ::config-ready (JsonObject *config) carries the config.
 */

#define HB_TYPE_CONFIG_DIALOG (hb_config_dialog_get_type ())
G_DECLARE_FINAL_TYPE (HbConfigDialog, hb_config_dialog, HB, CONFIG_DIALOG, GtkWindow)

/* @config: (nullable): current values; fields it lacks show their default */
HbConfigDialog *hb_config_dialog_new        (GtkWindow      *parent,
                                             JsonArray      *schema,
                                             JsonObject     *config);
/* (transfer full) (nullable): the config the form describes, or NULL with the first
 * field error shown and set in @error */
JsonObject     *hb_config_dialog_build      (HbConfigDialog *self,
                                             GError        **error);
/* Shows @message beside the field named in it ("field 'x': ..."), or below the form. */
void            hb_config_dialog_show_error (HbConfigDialog *self,
                                             const char     *message);
void            hb_config_dialog_set_text   (HbConfigDialog *self,
                                             const char     *field,
                                             const char     *text);

G_END_DECLS
