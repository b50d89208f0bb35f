/* hb-event-log.h
 *
 * Copyright 2026 The Hassbench developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "hb-json-item.h"

G_BEGIN_DECLS

/*
 * HbEventLog: the events pane's model, a GListModel of HbJsonItem that stays small with
 * a million rows. A row is kept as a compact encoding of its JSON tree; its HbJsonItem
 * is made when asked for and lives only while someone holds it (or is among the last
 * few made), so an item's data is a new tree each time its row is made again.
 * Rows are append-only: hb_event_log_add() stages a row and hb_event_log_flush() shows
 * every staged row with one ::items-changed (unless steps are set).
 */

#define HB_TYPE_EVENT_LOG (hb_event_log_get_type ())
G_DECLARE_FINAL_TYPE (HbEventLog, hb_event_log, HB, EVENT_LOG, GObject)

HbEventLog *hb_event_log_new          (void);
/* Stages @row: it is not in the model until the next flush. The row is encoded at once;
 * a reference is kept until the flush, and items asked for while the flush announces the
 * rows carry these very objects (later ones are decoded copies). */
void        hb_event_log_add          (HbEventLog *self,
                                       JsonObject *row);
/* Puts the staged rows at the end of the model, in the order they were added. */
void        hb_event_log_flush        (HbEventLog *self);
/* While the first few hundred rows are not shown yet, a flush shows at most @step of them
 * and the rest follow, @step at a time, a frame's time apart: a view builds a row's
 * widgets when it is shown, and a frame should not build hundreds. 0 (the default): a
 * flush shows every staged row. */
void        hb_event_log_set_step     (HbEventLog *self,
                                       guint       step);
/* Removes every row, shown and staged. */
void        hb_event_log_clear        (HbEventLog *self);
/* Bytes the rows take (blocks and row table), for benchmarks and tests. */
gsize       hb_event_log_get_size     (HbEventLog *self);

G_END_DECLS
