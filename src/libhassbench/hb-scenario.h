/* hb-scenario.h
 *
 * Copyright 2026 The Hassbench developers
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#if !defined(HB_INSIDE) && !defined(HB_COMPILATION)
# error "Only <hassbench.h> can be included directly."
#endif

#include <gio/gio.h>

#include "hb-app-registry.h"
#include "hb-outcome.h"
#include "hb-step.h"

G_BEGIN_DECLS

/*
 * HbScenario: a `*.hbscenario.json` file: the app (a bundled app's id, or a module path
 * and a type name or app id), its config, harness options and an ordered list of steps.
 *
 *   {
 *     "format": "hassbench-scenario",
 *     "version": 1,
 *     "description": "Motion turns the hallway light on",       (optional)
 *     "app": {"id": "motion-lights", "config": {"off_delay_seconds": 60}},
 *     "harness": {"start_time": "2024-06-01T07:00:00+00:00", "time_zone": "UTC", "seed": 0},
 *     "steps": [{"kind": "simulate_state_change", ...}, ...]
 *   }
 *
 * Reading is strict (unknown fields are errors, so typos do not pass silently) and a
 * file written by hb_scenario_save() reads back identical, byte for byte when written
 * again: times keep their text, integers stay integers, doubles keep their value, text is
 * UTF-8. docs/scenario-format.md describes every field and step kind.
 *
 * It is a GListModel of its HbStep.
 */

#define HB_SCENARIO_FORMAT  "hassbench-scenario"
#define HB_SCENARIO_VERSION 1

#define HB_TYPE_SCENARIO (hb_scenario_get_type ())
G_DECLARE_FINAL_TYPE (HbScenario, hb_scenario, HB, SCENARIO, GObject)

HbScenario  *hb_scenario_new                (void);
/**
 * hb_scenario_new_from_file:
 *
 * Errors are "FILE:LINE:COL: PATH: what was wrong and what was expected", e.g.
 * "x.hbscenario.json:12:16: steps[2].kind: unknown step kind 'simulate_foo'; expected
 * one of ...": %G_IO_ERROR for an unreadable file, %HB_SCENARIO_ERROR otherwise.
 */
HbScenario  *hb_scenario_new_from_file      (const char  *path,
                                             GError     **error);
/* @name: (nullable): what error messages call the text (a file name); NULL for none. */
HbScenario  *hb_scenario_new_from_data      (const char  *data,
                                             gssize       length,
                                             const char  *name,
                                             GError     **error);
/* From a tree: errors name the JSON path only. */
HbScenario  *hb_scenario_new_from_json      (JsonNode    *node,
                                             GError     **error);
/* (transfer full) */
JsonNode    *hb_scenario_to_json            (HbScenario  *self);
/* The file's text: two-space indents, one line per step, a final newline. */
char        *hb_scenario_to_data            (HbScenario  *self,
                                             gsize       *length);
/* Writes atomically (a crash never leaves half a file). */
gboolean     hb_scenario_save               (HbScenario  *self,
                                             const char  *path,
                                             GError     **error);

/**
 * hb_scenario_to_c:
 * @name: (nullable): the test's name; its GTest path is /hassbench/exported/<name>
 *
 * A GTest C source performing the same steps through the libhassbench API and asserting
 * the same expectations. It builds with `pkg-config --cflags --libs hassbench-1`; a
 * bundled app is found at run time like hassbench-cli finds it (HB_APPS_PATH or the
 * installed apps directory), a module app by the module's absolute path.
 *
 * Returns: (transfer full): the source
 */
char        *hb_scenario_to_c               (HbScenario  *self,
                                             const char  *name);

/* (nullable) */
const char  *hb_scenario_get_description    (HbScenario  *self);
void         hb_scenario_set_description    (HbScenario  *self,
                                             const char  *description);
/* A bundled app's id, or the app's id inside a module. (nullable) */
const char  *hb_scenario_get_app_id         (HbScenario  *self);
void         hb_scenario_set_app_id         (HbScenario  *self,
                                             const char  *app_id);
/* (nullable): the module's path as written (relative paths are relative to the file) */
const char  *hb_scenario_get_app_module     (HbScenario  *self);
void         hb_scenario_set_app_module     (HbScenario  *self,
                                             const char  *module);
/* (nullable): the app's GType name inside the module */
const char  *hb_scenario_get_app_type       (HbScenario  *self);
void         hb_scenario_set_app_type       (HbScenario  *self,
                                             const char  *type_name);
/* (transfer none): never NULL */
JsonObject  *hb_scenario_get_config         (HbScenario  *self);
/* Copied; NULL means {}. */
void         hb_scenario_set_config         (HbScenario  *self,
                                             JsonObject  *config);
/* (nullable): ISO 8601 as written */
const char  *hb_scenario_get_start_time     (HbScenario  *self);
gboolean     hb_scenario_set_start_time     (HbScenario  *self,
                                             const char  *start_time,
                                             GError     **error);
/* (nullable): "UTC", "Europe/Berlin", "+02:00" */
const char  *hb_scenario_get_time_zone      (HbScenario  *self);
gboolean     hb_scenario_set_time_zone      (HbScenario  *self,
                                             const char  *time_zone,
                                             GError     **error);
gboolean     hb_scenario_get_seed           (HbScenario  *self,
                                             guint64     *seed);
void         hb_scenario_set_seed           (HbScenario  *self,
                                             guint64      seed);
/* The directory relative module paths are resolved against (the file's; NULL: cwd). */
const char  *hb_scenario_get_base_dir       (HbScenario  *self);
void         hb_scenario_set_base_dir       (HbScenario  *self,
                                             const char  *base_dir);

guint        hb_scenario_get_n_steps        (HbScenario  *self);
/* (transfer none) */
HbStep      *hb_scenario_get_step           (HbScenario  *self,
                                             guint        index);
void         hb_scenario_append_step        (HbScenario  *self,
                                             HbStep      *step);
void         hb_scenario_insert_step        (HbScenario  *self,
                                             guint        index,
                                             HbStep      *step);
void         hb_scenario_remove_step        (HbScenario  *self,
                                             guint        index);
void         hb_scenario_remove_all_steps   (HbScenario  *self);
gboolean     hb_scenario_equal              (HbScenario  *a,
                                             HbScenario  *b);

/**
 * hb_scenario_create_harness:
 * @registry: (nullable): where to find the app (loading its module if need be); %NULL
 *   uses a registry of its own
 *
 * Returns: (transfer full) (nullable): a harness for the scenario's app and config with
 *   its harness options applied, not started yet
 */
HbHarness   *hb_scenario_create_harness     (HbScenario     *self,
                                             HbAppRegistry  *registry,
                                             GError        **error);
/**
 * hb_scenario_configure_harness:
 *
 * Applies the harness options (start time, time zone, seed) to a harness that has not
 * started.
 */
gboolean     hb_scenario_configure_harness  (HbScenario  *self,
                                             HbHarness   *harness,
                                             GError     **error);

/**
 * HbScenarioStepFunc:
 * @index: the step's position
 * @outcome: what the step did
 * @failure: (nullable): why the step counts as a scenario failure, or %NULL
 *
 * Called after each step hb_scenario_run() applies.
 */
typedef void (*HbScenarioStepFunc) (HbScenario   *scenario,
                                    guint         index,
                                    HbStep       *step,
                                    HbOutcome    *outcome,
                                    const GError *failure,
                                    gpointer      user_data);

/**
 * hb_scenario_run:
 * @harness: a started harness for the scenario's app
 * @func: (nullable): called after every step
 *
 * Applies the steps in order. A failed expectation is a failure and the run goes on (so
 * every failed expectation is reported); an action that fails is a failure that stops
 * the run, unless an expect_drain_error comes among the expectations right after it,
 * which then decides.
 *
 * Returns: %TRUE when every step held; otherwise %FALSE with the first failure, prefixed
 *   "step N (kind): "
 */
gboolean     hb_scenario_run                (HbScenario         *self,
                                             HbHarness          *harness,
                                             HbScenarioStepFunc  func,
                                             gpointer            user_data,
                                             GError            **error);

G_END_DECLS
