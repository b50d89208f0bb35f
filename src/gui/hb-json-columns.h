/* hb-json-columns.h
 *
 * Copyright 2026 The Hassbench developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/*
 * Column views over models of HbJsonItem. Every pane of the window is one of these: a
 * column shows the JSON member at a dotted path, refreshes when its row's data changes,
 * and sorts by its text.
 */

/* Adds a text column for the member at @path. */
GtkColumnViewColumn *hb_json_columns_add        (GtkColumnView *view,
                                                 const char    *title,
                                                 const char    *path,
                                                 gboolean       expand);
/*
 * Puts @model (of HbJsonItem) into @view through the view's sorter and an optional
 * @filter (both incremental), then an HbSlotModel, with single selection (not
 * autoselected; it follows its row when a refilter or resort moves it). With
 * @follow_tail the view stays scrolled to the newest row while the user has not scrolled
 * away from the end. An HbEventLog is shown as it is, unsorted, and its columns lose
 * their sorters (see the .c).
 *
 * Returns: (transfer none): the selection model
 */
GtkSingleSelection  *hb_json_columns_set_model  (GtkColumnView *view,
                                                 GListModel    *model,
                                                 GtkFilter     *filter,
                                                 gboolean       follow_tail);

G_END_DECLS
