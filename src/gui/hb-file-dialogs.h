/* hb-file-dialogs.h
 *
 * Copyright 2026 The Hassbench developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/*
 * File choosers, in one place: GTK 4.8 has GtkFileChooserNative; moving to
 * the file dialog of GTK 4.10 touches only this file.
 */

/* Called with the chosen file, or NULL when the user cancelled. */
typedef void (*HbFileChosenFunc) (GFile    *file,
                                  gpointer  user_data);

/* @patterns: NULL-terminated glob patterns for the filter ("*.so"), or NULL */
void hb_file_dialogs_open (GtkWindow          *parent,
                           const char         *title,
                           const char         *filter_name,
                           const char * const *patterns,
                           HbFileChosenFunc    callback,
                           gpointer            user_data);
void hb_file_dialogs_save (GtkWindow          *parent,
                           const char         *title,
                           const char         *suggested_name,
                           HbFileChosenFunc    callback,
                           gpointer            user_data);

G_END_DECLS
