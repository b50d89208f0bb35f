/* hb-host-client.h
 *
 * Copyright 2026 The Hassbench developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/*
 * HbHostClient: the workbench's end of one hassbench-host process (src/host/PROTOCOL.md).
 * GIO only (no GTK), so it is testable without a display.
 *
 * Requests are JSON lines on the host's stdin; each call completes when the response
 * with its id arrives, or fails when the host dies or misses the call's deadline (then
 * the host is killed: a hung app never freezes the window). Standard output is read in
 * large chunks and the observations of one chunk are emitted as one batch, so the
 * models they feed change once per chunk, never once per line.
 *
 * Signals:
 *  - ::observations (GPtrArray *batch of JsonObject): observation lines, in order
 *  - ::exited (): the host process ended; see the exit-* properties and crash-task
 */

#define HB_HOST_ERROR (hb_host_error_quark ())

typedef enum {
  HB_HOST_ERROR_FAILED = 1,
  HB_HOST_ERROR_DIED,        /* the host exited or was killed */
  HB_HOST_ERROR_HUNG,        /* the host missed a deadline and was stopped */
  HB_HOST_ERROR_PROTOCOL,    /* the host wrote something that is not the protocol */
  HB_HOST_ERROR_REMOTE,      /* the host answered with an error */
} HbHostErrorEnum;

GQuark hb_host_error_quark (void);

#define HB_TYPE_HOST_CLIENT (hb_host_client_get_type ())
G_DECLARE_FINAL_TYPE (HbHostClient, hb_host_client, HB, HOST_CLIENT, GObject)

HbHostClient *hb_host_client_new              (const char * const *argv);
gboolean      hb_host_client_spawn            (HbHostClient        *self,
                                               GError             **error);
/* Sends @method with @params (nullable); @deadline in seconds of real time (<= 0: none). */
void          hb_host_client_call_async       (HbHostClient        *self,
                                               const char          *method,
                                               JsonObject          *params,
                                               double               deadline,
                                               GCancellable        *cancellable,
                                               GAsyncReadyCallback  callback,
                                               gpointer             user_data);
/* Returns (transfer full): the response's result object. A remote error becomes
 * HB_HOST_ERROR_REMOTE with the host's message. */
JsonObject   *hb_host_client_call_finish      (HbHostClient        *self,
                                               GAsyncResult        *result,
                                               GError             **error);
/* How long the host's lines are read at a time (default 8 ms) before the main loop may
 * draw: then the rest waits for an idle, below drawing, and the next read for the rest. */
void          hb_host_client_set_slice        (HbHostClient        *self,
                                               guint                usec);
/* Kills the host (SIGKILL) if it runs. */
void          hb_host_client_terminate        (HbHostClient        *self);
gboolean      hb_host_client_get_running      (HbHostClient        *self);
/* After ::exited: the signal that killed it (0 if it exited) and the exit status. */
int           hb_host_client_get_exit_signal  (HbHostClient        *self);
int           hb_host_client_get_exit_status  (HbHostClient        *self);
/* (nullable): the task the host reported running when it crashed */
const char   *hb_host_client_get_crash_task   (HbHostClient        *self);
/* (nullable): the method of the request in flight when it died or hung */
const char   *hb_host_client_get_last_method  (HbHostClient        *self);
/* A sentence for the user: "The app host was killed by signal 11 (Segmentation fault)
 * while running handler:x during 'apply'." (transfer full) */
char         *hb_host_client_describe_exit    (HbHostClient        *self);

G_END_DECLS
