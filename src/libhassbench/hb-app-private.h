/* hb-app-private.h
 *
 * Copyright 2026 The Hassbench developers
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include "hb-app.h"

G_BEGIN_DECLS

/* What the harness hands an app before initialize. Objects are referenced; @config
 * (validated) and @manifest are copied. */
void        _hb_app_attach               (HbApp          *self,
                                          HbBus          *bus,
                                          HbScheduler    *scheduler,
                                          HbRecordingApi *api,
                                          HbStates       *states,
                                          HbTaskBucket   *bucket,
                                          HbClock        *clock,
                                          JsonObject     *config,
                                          JsonObject     *manifest);
/* Runs the class's initialize (an app without one succeeds). */
gboolean    _hb_app_initialize           (HbApp          *self,
                                          HbTask         *task,
                                          GError        **error);
void        _hb_app_shutdown             (HbApp          *self);
/* "<TypeName>.<instance_name>", or @instance_name when it starts with the type name. */
char       *_hb_app_make_unique_name     (const char     *type_name,
                                          const char     *instance_name);
/* (transfer full): the manifest a harness synthesizes for @app_type:
 * {app_key, class_name, instance_name "<Type>.0", app_config [{instance_name}]}. It does
 * not depend on the harness, so same-class harnesses can share it. */
JsonObject *_hb_app_synthesize_manifest  (GType           app_type);

G_END_DECLS
