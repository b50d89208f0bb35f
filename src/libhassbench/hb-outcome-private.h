/* hb-outcome-private.h
 *
 * Copyright 2026 The Hassbench developers
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include "hb-outcome.h"

G_BEGIN_DECLS

HbOutcome *_hb_outcome_new               (HbStepKind    kind);
/* The _add_ functions take ownership of @object. */
void       _hb_outcome_add_event         (HbOutcome    *self,
                                          JsonObject   *object);
void       _hb_outcome_add_task          (HbOutcome    *self,
                                          JsonObject   *object);
void       _hb_outcome_add_call          (HbOutcome    *self,
                                          JsonObject   *object);
void       _hb_outcome_add_job           (HbOutcome    *self,
                                          JsonObject   *object);
void       _hb_outcome_add_state         (HbOutcome    *self,
                                          JsonObject   *object);
/* Takes ownership. */
void       _hb_outcome_set_drain         (HbOutcome    *self,
                                          JsonObject   *drain);
void       _hb_outcome_set_jobs_fired    (HbOutcome    *self,
                                          int           jobs_fired);
/* Copies @error and marks the outcome failed. */
void       _hb_outcome_set_error         (HbOutcome    *self,
                                          const GError *error);
/* Takes ownership. */
void       _hb_outcome_set_pending_tasks (HbOutcome    *self,
                                          JsonArray    *names);
void       _hb_outcome_set_clock         (HbOutcome    *self,
                                          const char   *clock);
/* {"domain", "code", "message"} and back. */
JsonObject *_hb_error_to_json            (const GError *error);
GError     *_hb_error_from_json          (JsonObject   *object,
                                          const char   *path,
                                          GError      **error);

G_END_DECLS
