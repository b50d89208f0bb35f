/* hb-sensor-threshold.h
 *
 * Copyright 2026 The Hassbench developers
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <hassbench.h>

G_BEGIN_DECLS

/*
 * HbSensorThreshold (type name "SensorThresholdApp"): sends a notification when a
 * numeric sensor rises across a threshold (old <= threshold < new).
 *
 * Config: entity_id (entity id, sensor.living_room_temperature), threshold (double,
 * 28.0), notify_target (string, mobile_app_my_phone). Listener "threshold_monitor".
 */

#define HB_TYPE_SENSOR_THRESHOLD (hb_sensor_threshold_get_type ())
G_DECLARE_FINAL_TYPE (HbSensorThreshold, hb_sensor_threshold, HB, SENSOR_THRESHOLD, HbApp)

G_END_DECLS
