/* hb-window-test-util.h
 *
 * Copyright 2026 The Hassbench developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What the window tests share: waiting on a condition with a guard that fails a stuck test
 * (never sleeping), a window with a bundled app loaded, applying a step as JSON, and
 * finding rows and template children.
 */

#pragma once

#include <gtk/gtk.h>

#include "hb-application.h"
#include "hb-json-item.h"
#include "hb-window.h"

G_BEGIN_DECLS

typedef gboolean (*HbTestCondition) (HbWindow *window,
                                     gpointer  data);

/* Iterates the main context until @condition holds; after a minute the test fails naming
 * @what. */
void         hb_test_wait_until          (HbWindow        *window,
                                          HbTestCondition  condition,
                                          gpointer         data,
                                          const char      *what);
gboolean     hb_test_is_mapped           (HbWindow        *window,
                                          gpointer         data);
gboolean     hb_test_is_idle             (HbWindow        *window,
                                          gpointer         data);
gboolean     hb_test_is_idle_and_loaded  (HbWindow        *window,
                                          gpointer         data);
/* A mapped, drawn window of @app; with @app_id (nullable), that bare app loaded. */
HbWindow    *hb_test_open_window         (HbApplication   *app,
                                          const char      *app_id);
/* Applies the step @json through the session and waits until @settled (NULL: idle). */
void         hb_test_apply_json          (HbWindow        *window,
                                          const char      *json,
                                          HbTestCondition  settled);
/* (transfer full) (nullable): the first row whose text at @path is @value */
HbJsonItem  *hb_test_find_row            (GListModel      *model,
                                          const char      *path,
                                          const char      *value);
/* (transfer none): the window's template child @name */
GtkWidget   *hb_test_template_child      (HbWindow        *window,
                                          const char      *name);

G_END_DECLS
