/* hassbench.h
 *
 * Copyright 2026 The Hassbench developers
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#define HB_INSIDE

#include "hb-types.h"
#include "hb-error.h"
#include "hb-json.h"
#include "hb-clock.h"
#include "hb-state.h"
#include "hb-states.h"
#include "hb-event.h"
#include "hb-task.h"
#include "hb-task-bucket.h"
#include "hb-condition.h"
#include "hb-predicate.h"
#include "hb-listener.h"
#include "hb-bus.h"
#include "hb-trigger.h"
#include "hb-job.h"
#include "hb-scheduler.h"
#include "hb-api-call.h"
#include "hb-recording-api.h"
#include "hb-config-schema.h"
#include "hb-app.h"
#include "hb-drain-report.h"
#include "hb-harness.h"
#include "hb-factories.h"
#include "hb-step.h"
#include "hb-outcome.h"
#include "hb-module.h"
#include "hb-app-registry.h"
#include "hb-scenario.h"

#undef HB_INSIDE
