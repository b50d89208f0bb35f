/* hb-drain-report.h
 *
 * Copyright 2026 The Hassbench developers
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#if !defined(HB_INSIDE) && !defined(HB_COMPILATION)
# error "Only <hassbench.h> can be included directly."
#endif

#include "hb-types.h"

G_BEGIN_DECLS

/*
 * HbDrainReport: what the last drain saw: every (task name, error) pair of tasks that
 * failed during it (in the order they failed), whether the deadline passed, and the
 * tasks still pending at the end.
 */

#define HB_TYPE_DRAIN_REPORT (hb_drain_report_get_type ())
G_DECLARE_FINAL_TYPE (HbDrainReport, hb_drain_report, HB, DRAIN_REPORT, GObject)

HbDrainReport *hb_drain_report_new                (void);
void           hb_drain_report_add_failure        (HbDrainReport *self,
                                                   const char    *task_name,
                                                   const GError  *error);
void           hb_drain_report_set_timed_out      (HbDrainReport *self,
                                                   gboolean       timed_out);
void           hb_drain_report_set_pending        (HbDrainReport *self,
                                                   const char * const *names);
guint          hb_drain_report_get_n_failures     (HbDrainReport *self);
const char    *hb_drain_report_get_task_name      (HbDrainReport *self,
                                                   guint          index);
/* (transfer none) */
const GError  *hb_drain_report_get_error          (HbDrainReport *self,
                                                   guint          index);
gboolean       hb_drain_report_get_timed_out      (HbDrainReport *self);
/* (transfer none): NULL-terminated, possibly empty */
const char * const *hb_drain_report_get_pending   (HbDrainReport *self);
/* {"failures": [{"task", "domain", "code", "message"}], "timed_out", "pending": [...]} */
JsonObject    *hb_drain_report_to_json            (HbDrainReport *self);

G_END_DECLS
