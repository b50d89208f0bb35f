/* hb-step.h
 *
 * Copyright 2026 The Hassbench developers
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#if !defined(HB_INSIDE) && !defined(HB_COMPILATION)
# error "Only <hassbench.h> can be included directly."
#endif

#include "hb-harness.h"

G_BEGIN_DECLS

/*
 * HbStep: one action on a harness, or one expectation about it, as one JSON object:
 *
 *   {"kind": "simulate_state_change", "entity_id": "binary_sensor.hallway_motion",
 *    "old_value": "off", "new_value": "on"}
 *
 * It is at once the unit of a scenario file, the host protocol's message, the GUI
 * timeline's row and the source of an exported C test. A step is validated completely
 * when it is made (every field's type, required fields, no unknown fields), immutable
 * afterwards, and written back exactly as it was read (a duration written "5m" stays
 * "5m", an instant keeps its offset, integers stay integers).
 *
 * Durations are seconds (a number >= 0) or text: "30s", "5m", "1h30m", "02:34:10".
 * Instants are ISO 8601; without an offset they are in the harness's time zone.
 * Every step may carry a "comment" string. docs/scenario-format.md lists every kind with
 * its fields and an example.
 *
 * Errors are HB_SCENARIO_ERROR and name the JSON path of the bad value:
 * "new_value: expected a string or null". Parsing from text adds "LINE:COL: ".
 */

/**
 * HB_SCENARIO_ERROR:
 *
 * Bad step or scenario JSON. Messages name the JSON path (and the line and column when
 * read from text) and the expected shape.
 */
#define HB_SCENARIO_ERROR (hb_scenario_error_quark ())

typedef enum {
  HB_SCENARIO_ERROR_SYNTAX = 1,           /* malformed JSON text */
  HB_SCENARIO_ERROR_WRONG_TYPE,           /* a value of the wrong JSON type */
  HB_SCENARIO_ERROR_MISSING_FIELD,        /* a required field is absent */
  HB_SCENARIO_ERROR_UNKNOWN_FIELD,        /* a field the step kind does not have */
  HB_SCENARIO_ERROR_UNKNOWN_KIND,         /* "kind" names no step kind */
  HB_SCENARIO_ERROR_INVALID_VALUE,        /* right type, bad value (a negative count, ...) */
  HB_SCENARIO_ERROR_UNKNOWN_FORMAT,       /* not a hassbench scenario */
  HB_SCENARIO_ERROR_UNSUPPORTED_VERSION,  /* a scenario format version this build can't read */
} HbScenarioErrorEnum;

GQuark hb_scenario_error_quark (void);

typedef enum {
  HB_STEP_SET_STATE,
  HB_STEP_SET_STATES,
  HB_STEP_SIMULATE_STATE_CHANGE,
  HB_STEP_SIMULATE_ATTRIBUTE_CHANGE,
  HB_STEP_SIMULATE_CALL_SERVICE,
  HB_STEP_SIMULATE_COMPONENT_LOADED,
  HB_STEP_SIMULATE_SERVICE_REGISTERED,
  HB_STEP_SIMULATE_HOMEASSISTANT,
  HB_STEP_SIMULATE_SERVICE_STATUS,
  HB_STEP_SIMULATE_WEBSOCKET,
  HB_STEP_SIMULATE_APP_STATE_CHANGED,
  HB_STEP_SIMULATE_EVENT,
  HB_STEP_FREEZE_TIME,
  HB_STEP_ADVANCE_TIME,
  HB_STEP_TRIGGER_DUE_JOBS,
  HB_STEP_STEP,
  HB_STEP_NEXT_JOB,
  HB_STEP_DRAIN,
  HB_STEP_FINISH,
  HB_STEP_REMOVE_JOB,
  HB_STEP_RUN_JOB,
  HB_STEP_EXPECT_CALLED,
  HB_STEP_EXPECT_CALLED_EXACT,
  HB_STEP_EXPECT_NOT_CALLED,
  HB_STEP_EXPECT_CALL_COUNT,
  HB_STEP_EXPECT_STATE,
  HB_STEP_EXPECT_JOBS,
  HB_STEP_EXPECT_DRAIN_ERROR,
  HB_STEP_EXPECT_TRIGGER_COUNT,
} HbStepKind;

#define HB_STEP_N_KINDS (HB_STEP_EXPECT_TRIGGER_COUNT + 1)

GType       hb_step_kind_get_type      (void) G_GNUC_CONST;
#define HB_TYPE_STEP_KIND (hb_step_kind_get_type ())

/* "simulate_state_change" */
const char *hb_step_kind_to_string     (HbStepKind   kind);
/* Unknown names are HB_SCENARIO_ERROR_UNKNOWN_KIND listing the valid ones. */
gboolean    hb_step_kind_from_string   (const char  *str,
                                        HbStepKind  *kind,
                                        GError     **error);
/* expect_* kinds */
gboolean    hb_step_kind_is_expectation (HbStepKind  kind);
/* Kinds that drain the harness (simulate_*, step, next_job, drain, finish). */
gboolean    hb_step_kind_drains        (HbStepKind   kind);
/* Kinds that fire due jobs and so set the trigger count (trigger_due_jobs, step,
 * next_job). */
gboolean    hb_step_kind_triggers      (HbStepKind   kind);

#define HB_TYPE_STEP (hb_step_get_type ())
G_DECLARE_FINAL_TYPE (HbStep, hb_step, HB, STEP, GObject)

/**
 * hb_step_new_from_json:
 * @node: a JSON object
 *
 * Returns: (transfer full) (nullable): the step, or %NULL with an %HB_SCENARIO_ERROR
 *   whose message starts with the JSON path of the bad value
 */
HbStep      *hb_step_new_from_json      (JsonNode    *node,
                                         GError     **error);
/* Same, from one JSON object in text form; errors start with "LINE:COL: ". */
HbStep      *hb_step_new_from_string    (const char  *text,
                                         GError     **error);
/**
 * hb_step_new_from_object:
 *
 * Like hb_step_new_from_json() for a JSON object in memory. Convenient for code that
 * builds steps: `hb_step_new_from_object (obj, &error)` with obj from JsonBuilder.
 */
HbStep      *hb_step_new_from_object    (JsonObject  *object,
                                         GError     **error);
HbStepKind   hb_step_get_kind           (HbStep      *self);
/* (transfer full): {"kind": ..., fields in their canonical order} */
JsonObject  *hb_step_to_json            (HbStep      *self);
/* One line of compact JSON (the same members as hb_step_to_json()). */
char        *hb_step_to_string          (HbStep      *self);
/* (transfer none) (nullable): the value of @field as given, or %NULL when absent */
JsonNode    *hb_step_get_field          (HbStep      *self,
                                         const char  *field);
/* (nullable): a string field, %NULL when absent or null */
const char  *hb_step_get_string         (HbStep      *self,
                                         const char  *field);
/* (transfer none) (nullable): an object field */
JsonObject  *hb_step_get_object         (HbStep      *self,
                                         const char  *field);
/* The drain timeout in seconds (HB_DEFAULT_TIMEOUT when not given). */
double       hb_step_get_timeout        (HbStep      *self);
/* The "by" duration of advance_time and step, in seconds (0 for other kinds). */
double       hb_step_get_seconds        (HbStep      *self);
/* The "count" of expect_call_count, expect_jobs, expect_trigger_count (-1 if none). */
gint64       hb_step_get_count          (HbStep      *self);
/* (nullable) */
const char  *hb_step_get_comment        (HbStep      *self);
gboolean     hb_step_is_expectation     (HbStep      *self);
/* Structural equality of the JSON (numbers by value). */
gboolean     hb_step_equal              (HbStep      *a,
                                         HbStep      *b);
/* A short line for people: "simulate_state_change binary_sensor.x: off -> on". */
char        *hb_step_describe           (HbStep      *self);

/* HbOutcome (hb-outcome.h) is declared after this header; the struct tag keeps C99
 * compilers, which refuse a repeated typedef, happy. */
struct _HbOutcome;

/**
 * hb_harness_apply_step:
 * @self: a harness (started, except for set_state and set_states)
 * @step: the step
 * @outcome: (out) (optional) (transfer full): what the step did; set whenever the step was
 *   attempted, also when it failed (the failure is in the outcome too). %NULL records
 *   nothing, which makes a plain replay cheaper.
 * @error: return location for the failure
 *
 * Applies @step to the harness and records what happened: events dispatched with the
 * listeners that ran and those filtered out, tasks started and finished, API calls, jobs
 * added, fired and removed, states changed, the drain report of a draining step, and the
 * clock after.
 *
 * An action fails with the harness's error (a drain failure, a lifecycle error, ...). An
 * expectation fails with %HB_ASSERTION_ERROR when it does not hold. expect_drain_error
 * and expect_trigger_count look at the last action applied through this function on this
 * harness; an action failure followed (among the expectations right after it) by an
 * expect_drain_error is expected: callers that run a list of steps look ahead for it
 * (see hb_scenario_run()).
 *
 * Returns: %TRUE when the step was applied and, for an expectation, held
 */
gboolean     hb_harness_apply_step      (HbHarness          *self,
                                         HbStep             *step,
                                         struct _HbOutcome **outcome,
                                         GError            **error);

G_END_DECLS
