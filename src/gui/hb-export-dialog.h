/* hb-export-dialog.h
 *
 * Copyright 2026 The Hassbench developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/*
 * HbExportDialog: a read-only preview of an exported text (the session as a C GTest
 * source) with Save… (through hb-file-dialogs) and Copy. Where it saved, or why it could
 * not, shows in the dialog.
 */

#define HB_TYPE_EXPORT_DIALOG (hb_export_dialog_get_type ())
G_DECLARE_FINAL_TYPE (HbExportDialog, hb_export_dialog, HB, EXPORT_DIALOG, GtkWindow)

HbExportDialog *hb_export_dialog_new      (GtkWindow      *parent,
                                           const char     *title,
                                           const char     *text,
                                           const char     *suggested_name);
/* (transfer full): the previewed text */
char           *hb_export_dialog_dup_text (HbExportDialog *self);
/* Writes the text to @file (atomically) and says so in the dialog; errors name the file. */
gboolean        hb_export_dialog_save_to  (HbExportDialog *self,
                                           GFile          *file,
                                           GError        **error);

G_END_DECLS
