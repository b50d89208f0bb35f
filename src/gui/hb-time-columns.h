/* hb-time-columns.h
 *
 * Copyright 2026 The Hassbench developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/*
 * Columns that show a row's clock time against the app's clock: how old a task is, how
 * soon a job runs. They follow a clock given as an object's string property holding an
 * ISO 8601 instant (the session's "clock-now"), and when it changes they refresh only
 * the cells that are bound (the visible rows), never the whole model.
 */

typedef enum {
  HB_TIME_COLUMN_AGE,      /* now - time: "4 min" */
  HB_TIME_COLUMN_RELATIVE, /* time - now: "in 4 min", "due", "2 h ago" */
} HbTimeColumnKind;

/* Adds a column for the instant at @path of each row (an HbJsonItem), timed against the
 * ISO 8601 string in @clock's @property. Sorted by the instant; rows without one last. */
GtkColumnViewColumn *hb_time_columns_add    (GtkColumnView    *view,
                                             const char       *title,
                                             const char       *path,
                                             HbTimeColumnKind  kind,
                                             GObject          *clock,
                                             const char       *property);

/* The cell text for an instant @delta_usec away from now (positive: in the future). */
char                *hb_time_columns_format (HbTimeColumnKind  kind,
                                             gint64            delta_usec);

G_END_DECLS
