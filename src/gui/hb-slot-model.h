/* hb-slot-model.h
 *
 * Copyright 2026 The Hassbench developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "hb-json-item.h"

G_BEGIN_DECLS

/*
 * HbSlotModel: a view's model over another model of HbJsonItem whose items are slots,
 * built so that GTK 4.8's list views stay smooth over 100,000 rows.
 *
 * A slot is an HbJsonItem that mirrors one row of the underlying model (its key and its
 * data, following the row's ::notify::data). GTK 4.8's list views keep some 200 row
 * widgets, and making or destroying one (a row of cells, each with its controllers) takes
 * most of a millisecond. So:
 *
 *  - When a change replaces rows (a refilter or a resort: "remove 100,000, add 2,000 at
 *    0"), the slots someone holds at positions that still exist stay where they are and
 *    mirror their position's new row (a rebind); only the difference in length is
 *    announced.
 *  - Changes are held back while models below have work pending (an incremental filter
 *    or sort, see hb_slot_model_wait_for()): the view keeps showing the last complete
 *    list, and the difference is shown as one change when the work is done.
 *  - A change that adds or removes many rows near its position is shown in steps of
 *    hb_slot_model_set_step() rows: one step at once, the next ones on each
 *    hb_slot_model_advance() (a view calls it once a frame while :pending is not 0).
 *    Rows on their way out are blanked at once. Past the first few hundred rows, where
 *    a view has no widgets, the rest comes in one go.
 *
 * ::rows-changing and ::rows-changed come before and after each change the model shows.
 *
 * Only held slots are tracked: a slot nobody holds is gone, and asking for its position
 * again makes a new one. A held slot is only known by its position: code that needs the
 * row itself asks hb_slot_model_get_row().
 */

#define HB_TYPE_SLOT_MODEL (hb_slot_model_get_type ())
G_DECLARE_FINAL_TYPE (HbSlotModel, hb_slot_model, HB, SLOT_MODEL, GObject)

HbSlotModel *hb_slot_model_new         (GListModel  *model);
/* Holds changes back while @model (any object with a guint "pending" property, such as
 * GtkFilterListModel or GtkSortListModel) has work pending. */
void         hb_slot_model_wait_for    (HbSlotModel *self,
                                        GObject     *model);
/* Rows added or removed per step (0: no steps, every change at once; the default). Setting
 * 0 shows a change under way to its end. */
void         hb_slot_model_set_step    (HbSlotModel *self,
                                        guint        step);
/* Shows the next step of a change in progress. */
void         hb_slot_model_advance     (HbSlotModel *self);
/* Rows still to be added or removed by steps (property "pending"). */
guint        hb_slot_model_get_pending (HbSlotModel *self);
/* (transfer none): the underlying model */
GListModel  *hb_slot_model_get_model   (HbSlotModel *self);
/* (transfer none) (nullable): the row @slot mirrors now (a blank one while it is on its
 * way out); @slot itself when it is not one of @self's slots (or no longer is) */
HbJsonItem  *hb_slot_model_get_row     (HbSlotModel *self,
                                        HbJsonItem  *slot);
/* The position of @row (an item of the underlying model) in @self, or
 * GTK_INVALID_LIST_POSITION (G_MAXUINT). Linear in the model's length. */
guint        hb_slot_model_find_row    (HbSlotModel *self,
                                        HbJsonItem  *row);

G_END_DECLS
