/* hb-error.h
 *
 * Copyright 2026 The Hassbench developers
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#if !defined(HB_INSIDE) && !defined(HB_COMPILATION)
# error "Only <hassbench.h> can be included directly."
#endif

#include <glib.h>

G_BEGIN_DECLS

/**
 * HB_ERROR:
 *
 * Bad arguments and failed lookups in any part of the library.
 */
#define HB_ERROR (hb_error_quark ())

typedef enum {
  HB_ERROR_FAILED = 1,
  HB_ERROR_INVALID_ARGUMENT,   /* NaN, infinite or negative durations, empty names, bad values */
  HB_ERROR_DUPLICATE_NAME,     /* a listener or job name already in use */
  HB_ERROR_NOT_FOUND,          /* an entity, job or listener that does not exist */
  HB_ERROR_INVALID_GLOB,
  HB_ERROR_INVALID_CRON,
  HB_ERROR_INVALID_TIME,       /* a time string that is not "HH:MM[:SS]" or ISO 8601 */
  HB_ERROR_INVALID_JSON,
  HB_ERROR_CANCELLED,          /* a task cancelled by a restart guard or by shutdown */
} HbErrorEnum;

/**
 * HB_DRAIN_ERROR:
 *
 * The reference's DrainFailure. %HB_DRAIN_ERROR_TASK_FAILED is DrainError: the
 * (task name, error) pairs are in the harness's last drain report.
 * %HB_DRAIN_ERROR_TIMEOUT is DrainTimeout: the message names the pending tasks. A drain
 * timeout is never %G_IO_ERROR_TIMED_OUT (that is reserved for the startup deadline).
 */
#define HB_DRAIN_ERROR (hb_drain_error_quark ())

typedef enum {
  HB_DRAIN_ERROR_TASK_FAILED = 1,
  HB_DRAIN_ERROR_TIMEOUT,
} HbDrainErrorEnum;

/**
 * HB_HARNESS_ERROR:
 *
 * Misuse of a harness: wrong lifecycle phase, the process-wide time lock, leftovers at
 * finish.
 */
#define HB_HARNESS_ERROR (hb_harness_error_quark ())

typedef enum {
  HB_HARNESS_ERROR_NOT_STARTED = 1,  /* called before hb_harness_start() succeeded */
  HB_HARNESS_ERROR_STOPPED,          /* called after hb_harness_stop() */
  HB_HARNESS_ERROR_ALREADY_STARTED,
  HB_HARNESS_ERROR_TIME_LOCKED,      /* "freeze_time is already held by another harness" */
  HB_HARNESS_ERROR_NOT_FROZEN,       /* advance_time without freeze_time */
  HB_HARNESS_ERROR_STILL_ALIVE,      /* finish found jobs, tasks or listeners alive */
} HbHarnessErrorEnum;

/**
 * HB_CONFIG_ERROR:
 *
 * App configuration that does not fit the app's schema (the reference's
 * AppConfigurationError). Messages name the field.
 */
#define HB_CONFIG_ERROR (hb_config_error_quark ())

typedef enum {
  HB_CONFIG_ERROR_MISSING_FIELD = 1,
  HB_CONFIG_ERROR_UNKNOWN_FIELD,
  HB_CONFIG_ERROR_WRONG_TYPE,
  HB_CONFIG_ERROR_INVALID_VALUE,
} HbConfigErrorEnum;

/**
 * HB_ASSERTION_ERROR:
 *
 * A recording-api assertion that did not hold. Messages name the closest call and the
 * missing, mismatched and extra keys.
 */
#define HB_ASSERTION_ERROR (hb_assertion_error_quark ())

typedef enum {
  HB_ASSERTION_ERROR_NOT_CALLED = 1,  /* expected a call, there was none */
  HB_ASSERTION_ERROR_NO_MATCH,        /* calls were made, none matched */
  HB_ASSERTION_ERROR_CALLED,          /* expected no call, there was one */
  HB_ASSERTION_ERROR_COUNT,           /* wrong number of calls */
  HB_ASSERTION_ERROR_ORDER,           /* an ordered sequence did not hold */
  HB_ASSERTION_ERROR_UNKNOWN_METHOD,  /* not a recordable method name ("did you mean") */
  HB_ASSERTION_ERROR_UNKNOWN_KEY,     /* a key a closed signature does not have */
  HB_ASSERTION_ERROR_STATE,           /* an expected entity state did not hold */
} HbAssertionErrorEnum;

GQuark hb_error_quark           (void);
GQuark hb_drain_error_quark     (void);
GQuark hb_harness_error_quark   (void);
GQuark hb_config_error_quark    (void);
GQuark hb_assertion_error_quark (void);

G_END_DECLS
