/* hb-outcome.h
 *
 * Copyright 2026 The Hassbench developers
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#if !defined(HB_INSIDE) && !defined(HB_COMPILATION)
# error "Only <hassbench.h> can be included directly."
#endif

#include "hb-step.h"

G_BEGIN_DECLS

/*
 * HbOutcome: what applying one step did, as data. Made by hb_harness_apply_step(),
 * immutable, and serialisable to JSON (the host sends it to the GUI; `hassbench-cli check`
 * compares two replays with it). Everything in it is deterministic: no wall-clock time,
 * no addresses.
 *
 *   {
 *     "kind": "simulate_state_change",
 *     "ok": true,                          false when the step failed
 *     "error": {"domain", "code", "message"},      when it failed
 *     "events": [{"seq", "topic", "entity_id", "ran": [...], "filtered": [{"listener",
 *                 "reason"}], "skipped": [...]}],
 *     "tasks": [{"id", "name", "owner", "what": "started" | "done" | "failed" |
 *                "cancelled", "error"}],
 *     "calls": [{"index", "method", "kwargs"}],
 *     "jobs": [{"what": "added" | "fired" | "removed", "name", "next_run"}],
 *     "states": [{"entity_id", "state"}],          state null: removed
 *     "drain": {"failures": [...], "timed_out", "pending": [...]},   draining steps only
 *     "jobs_fired": 1,                     trigger_due_jobs, step and next_job only
 *     "pending_tasks": [...],              live tasks after a failed step
 *     "clock": "2024-06-01T07:05:00+00:00"
 *   }
 *
 * Arrays that would be empty are left out of the JSON.
 */

#define HB_TYPE_OUTCOME (hb_outcome_get_type ())
G_DECLARE_FINAL_TYPE (HbOutcome, hb_outcome, HB, OUTCOME, GObject)

/* Reads the JSON above back; errors are HB_SCENARIO_ERROR naming the path. */
HbOutcome    *hb_outcome_new_from_json    (JsonObject  *object,
                                           GError     **error);
/* (transfer full) */
JsonObject   *hb_outcome_to_json          (HbOutcome   *self);
char         *hb_outcome_to_string        (HbOutcome   *self);
HbStepKind    hb_outcome_get_kind         (HbOutcome   *self);
/* TRUE unless the step failed (an action's error, or an expectation that did not hold). */
gboolean      hb_outcome_get_ok           (HbOutcome   *self);
/* (transfer none) (nullable): the failure */
const GError *hb_outcome_get_error        (HbOutcome   *self);
/* (transfer none): never NULL, possibly empty */
JsonArray    *hb_outcome_get_events       (HbOutcome   *self);
JsonArray    *hb_outcome_get_tasks        (HbOutcome   *self);
JsonArray    *hb_outcome_get_calls        (HbOutcome   *self);
JsonArray    *hb_outcome_get_jobs         (HbOutcome   *self);
JsonArray    *hb_outcome_get_states       (HbOutcome   *self);
/* (transfer none) (nullable): the drain report of a draining step */
JsonObject   *hb_outcome_get_drain        (HbOutcome   *self);
/* Jobs fired by trigger_due_jobs, step and next_job; -1 for other kinds or on failure. */
int           hb_outcome_get_jobs_fired   (HbOutcome   *self);
/* (transfer none) (nullable): names of the live tasks after a failed step */
JsonArray    *hb_outcome_get_pending_tasks (HbOutcome  *self);
/* (nullable): the clock after the step, ISO 8601 */
const char   *hb_outcome_get_clock        (HbOutcome   *self);
/* Equal JSON. */
gboolean      hb_outcome_equal            (HbOutcome   *a,
                                           HbOutcome   *b);
/* A few lines for people: what ran, what was called, what failed. */
char         *hb_outcome_describe         (HbOutcome   *self);

G_END_DECLS
