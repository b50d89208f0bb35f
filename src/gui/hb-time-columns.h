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
  HB_TIME_COLUMN_INSTANT,  /* the time itself: "07:05:00" on the clock's day, else the date */
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

/* The cell text of an HB_TIME_COLUMN_INSTANT cell for @at, read against @now (both ISO
 * 8601, @now nullable): the time of day when both fall on the same day in @at's offset,
 * the date and time otherwise. The cell's tooltip has @at in full. */
char                *hb_time_columns_format_instant (const char *at,
                                                     const char *now);

/* (transfer full) (nullable): the tooltip a cell widget of these columns shows (the row's
 * instant in full, local to its offset), or NULL when @cell is not one or has no time. */
char                *hb_time_columns_dup_tooltip    (GtkWidget  *cell);

G_END_DECLS
