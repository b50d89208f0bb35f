/* hb-window.h
 *
 * Copyright 2026 The Hassbench developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "hb-application.h"
#include "hb-session.h"

G_BEGIN_DECLS

#define HB_TYPE_WINDOW (hb_window_get_type ())
G_DECLARE_FINAL_TYPE (HbWindow, hb_window, HB, WINDOW, GtkApplicationWindow)

HbWindow  *hb_window_new         (HbApplication *application);
/* Loads a bundled app by id (its default config) in this window's session, in the example
 * house its module offers. */
void       hb_window_load_app    (HbWindow      *self,
                                  const char    *app_id);
/* (transfer none): the window's session; tests drive and observe it */
HbSession *hb_window_get_session (HbWindow      *self);
/* Opens a scenario file or an app module, by its contents. */
void       hb_window_open_file   (HbWindow      *self,
                                  GFile         *file);

G_END_DECLS
