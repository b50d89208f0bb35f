/* hb-expectation.h
 *
 * Copyright 2026 The Hassbench developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/*
 * Turning what the workbench recorded into expectation steps, without widgets: a row of
 * the API calls, entities, jobs or errors pane (or a session step row) becomes one
 * expect_* step, prefilled from the row. The result is a step object the library's
 * parser accepted, in its canonical form.
 *
 * Rows are the session's JSON (see hb-session.h): calls {index, method, kwargs, step},
 * entities (state objects) {entity_id, state, attributes}, jobs {name, ...}, errors
 * {task, message, step}, steps {index, step, outcome}. Errors are HB_SCENARIO_ERROR and
 * name the row kind and the field: "API call row: missing field 'method'".
 */

typedef enum {
  HB_EXPECTATION_SOURCE_CALL,
  HB_EXPECTATION_SOURCE_ENTITY,
  HB_EXPECTATION_SOURCE_JOB,
  HB_EXPECTATION_SOURCE_ERROR,
  HB_EXPECTATION_SOURCE_STEP,
} HbExpectationSource;

typedef enum {
  /* The default: expect_called (kwargs match partially), expect_state, expect_jobs,
   * expect_drain_error, expect_trigger_count, by source. */
  HB_EXPECTATION_FLAVOUR_PARTIAL,
  /* Calls only: */
  HB_EXPECTATION_FLAVOUR_EXACT,        /* expect_called_exact */
  HB_EXPECTATION_FLAVOUR_NOT_CALLED,   /* expect_not_called */
  HB_EXPECTATION_FLAVOUR_CALL_COUNT,   /* expect_call_count */
} HbExpectationFlavour;

#define HB_EXPECTATION_N_FLAVOURS (HB_EXPECTATION_FLAVOUR_CALL_COUNT + 1)

/* "calls", "entities", "jobs", "errors", "steps" (the window's pane names). */
gboolean     hb_expectation_source_from_name (const char            *name,
                                              HbExpectationSource   *source);
/* The flavours on offer for @source (PARTIAL always). */
gboolean     hb_expectation_flavour_supported (HbExpectationSource   source,
                                               HbExpectationFlavour  flavour);
/* A label for people: "Called (partial match)". */
const char  *hb_expectation_flavour_label    (HbExpectationFlavour  flavour);

/**
 * hb_expectation_build:
 * @row: the row's JSON
 * @context: (nullable): the other rows of the same pane: calls, to count the calls of
 *   the row's method up to its step (CALL_COUNT); jobs, to name every scheduled job
 *   (expect_jobs compares the whole set). %NULL counts and names the row alone.
 *
 * Returns: (transfer full) (nullable): the expectation step, or %NULL with an
 *   %HB_SCENARIO_ERROR naming the row kind and the missing or bad field
 */
JsonObject  *hb_expectation_build            (HbExpectationSource   source,
                                              JsonObject           *row,
                                              HbExpectationFlavour  flavour,
                                              JsonArray            *context,
                                              GError              **error);

/* Where the expectation goes when the first @n_applied steps of the session are applied
 * (the panes show the house after them): right after the step that produced the row (its
 * "step", or a step row's "index"), or at @n_applied for rows that describe the present
 * (entities, jobs) or have no step. */
guint        hb_expectation_position         (HbExpectationSource   source,
                                              JsonObject           *row,
                                              guint                 n_applied);

/* Recording mode: one expect_called step (partial, every kwarg) per distinct call in
 * @outcome's "calls"; none for an expectation's outcome. (transfer full): JsonObject */
GPtrArray   *hb_expectation_record_calls     (JsonObject           *outcome);

/* After finish: expect_jobs naming @job_names (strings) with their count; an empty
 * array expects no job. (transfer full) */
JsonObject  *hb_expectation_jobs             (const char * const   *job_names);

G_END_DECLS
