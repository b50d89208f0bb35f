/* hb-host.h
 *
 * Copyright 2026 The Hassbench developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <hassbench.h>

#include "hb-host-output.h"

G_BEGIN_DECLS

/*
 * HbHost: the protocol of hassbench-host (PROTOCOL.md) over one harness.
 *
 * hb_host_handle_line() takes one request line and adds to the output, in order, the
 * observations the request caused and then its response. The caller flushes the output
 * after each line and drives the main loop between requests: on the harness's context once
 * an app is loaded (hb_host_get_context()), so a live clock's timers fire there, and calls
 * hb_host_sync() after each iteration to report what that changed.
 */

#define HB_HOST_PROTOCOL_ERROR (hb_host_protocol_error_quark ())

typedef enum {
  HB_HOST_PROTOCOL_ERROR_INVALID_REQUEST = 1,  /* not JSON, not an object, bad id/method */
  HB_HOST_PROTOCOL_ERROR_UNKNOWN_METHOD,
  HB_HOST_PROTOCOL_ERROR_INVALID_PARAMS,       /* a param missing, mistyped or unknown */
  HB_HOST_PROTOCOL_ERROR_WRONG_STATE,          /* start before load, a second load, ... */
} HbHostProtocolErrorEnum;

GQuark hb_host_protocol_error_quark (void);

#define HB_TYPE_HOST (hb_host_get_type ())
G_DECLARE_FINAL_TYPE (HbHost, hb_host, HB, HOST, GObject)

HbHost       *hb_host_new          (HbHostOutput *output);
void          hb_host_handle_line  (HbHost       *self,
                                    const char   *line,
                                    gsize         length);
/* Reports listener changes made between requests (a live clock's jobs). */
void          hb_host_sync         (HbHost       *self);
/* (transfer none) (nullable): the loaded harness's context, %NULL before load */
GMainContext *hb_host_get_context  (HbHost       *self);
/* TRUE once `quit` was answered. */
gboolean      hb_host_get_quit     (HbHost       *self);
/* Stops the harness (if any) before the process exits. */
void          hb_host_shutdown     (HbHost       *self);

G_END_DECLS
