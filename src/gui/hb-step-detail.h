/* hb-step-detail.h
 *
 * Copyright 2026 The Hassbench developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/*
 * HbStepDetail: what one step of the session did, for reading: its outcome (ok or failed,
 * and the message), the entity states before and after it as a diff, the handlers it ran
 * and the ones its events reached but that were filtered out or skipped, with the reason.
 *
 * A pure view of the session's steps and events models (rows of HbJsonItem, see
 * hb-session.h) and a step index: it follows the models as they change and never
 * changes the session.
 */

#define HB_TYPE_STEP_DETAIL (hb_step_detail_get_type ())
G_DECLARE_FINAL_TYPE (HbStepDetail, hb_step_detail, HB, STEP_DETAIL, GtkWidget)

GtkWidget *hb_step_detail_new        (void);
void       hb_step_detail_set_models (HbStepDetail *self,
                                      GListModel   *steps,
                                      GListModel   *events);
/* @step: the step's index in the steps model, or -1 for none */
void       hb_step_detail_set_step   (HbStepDetail *self,
                                      int           step);
int        hb_step_detail_get_step   (HbStepDetail *self);

G_END_DECLS
