/* hb-types.c
 *
 * Copyright 2026 The Hassbench developers
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include "hb-error.h"
#include "hb-types.h"

G_DEFINE_ENUM_TYPE (HbTaskState, hb_task_state,
  G_DEFINE_ENUM_VALUE (HB_TASK_PENDING, "pending"),
  G_DEFINE_ENUM_VALUE (HB_TASK_RUNNING, "running"),
  G_DEFINE_ENUM_VALUE (HB_TASK_WAITING, "waiting"),
  G_DEFINE_ENUM_VALUE (HB_TASK_SLEEPING, "sleeping"),
  G_DEFINE_ENUM_VALUE (HB_TASK_DONE, "done"),
  G_DEFINE_ENUM_VALUE (HB_TASK_FAILED, "failed"),
  G_DEFINE_ENUM_VALUE (HB_TASK_CANCELLED, "cancelled"))

G_DEFINE_ENUM_TYPE (HbMode, hb_mode,
  G_DEFINE_ENUM_VALUE (HB_MODE_SINGLE, "single"),
  G_DEFINE_ENUM_VALUE (HB_MODE_RESTART, "restart"),
  G_DEFINE_ENUM_VALUE (HB_MODE_QUEUED, "queued"),
  G_DEFINE_ENUM_VALUE (HB_MODE_PARALLEL, "parallel"))

G_DEFINE_ENUM_TYPE (HbJobStatus, hb_job_status,
  G_DEFINE_ENUM_VALUE (HB_JOB_SCHEDULED, "scheduled"),
  G_DEFINE_ENUM_VALUE (HB_JOB_COMPLETED, "completed"),
  G_DEFINE_ENUM_VALUE (HB_JOB_REMOVED, "removed"))

G_DEFINE_ENUM_TYPE (HbServiceStatus, hb_service_status,
  G_DEFINE_ENUM_VALUE (HB_SERVICE_NOT_STARTED, "not_started"),
  G_DEFINE_ENUM_VALUE (HB_SERVICE_STARTING, "starting"),
  G_DEFINE_ENUM_VALUE (HB_SERVICE_RUNNING, "running"),
  G_DEFINE_ENUM_VALUE (HB_SERVICE_STOPPING, "stopping"),
  G_DEFINE_ENUM_VALUE (HB_SERVICE_STOPPED, "stopped"),
  G_DEFINE_ENUM_VALUE (HB_SERVICE_FAILED, "failed"),
  G_DEFINE_ENUM_VALUE (HB_SERVICE_CRASHED, "crashed"),
  G_DEFINE_ENUM_VALUE (HB_SERVICE_EXHAUSTED_DEAD, "exhausted_dead"))

static const char *
enum_nick (GType type,
           int   value)
{
  GEnumClass *klass = g_type_class_ref (type);
  GEnumValue *ev = g_enum_get_value (klass, value);
  const char *nick = ev != NULL ? ev->value_nick : "invalid";

  /* Enum classes are never freed once referenced; the nick stays valid. */
  g_type_class_unref (klass);
  return nick;
}

static gboolean
enum_from_nick (GType        type,
                const char  *what,
                const char  *str,
                int         *value,
                GError     **error)
{
  GEnumClass *klass = g_type_class_ref (type);
  GEnumValue *ev = str != NULL ? g_enum_get_value_by_nick (klass, str) : NULL;

  if (ev == NULL)
    {
      g_autoptr(GString) valid = g_string_new (NULL);

      for (guint i = 0; i < klass->n_values; i++)
        g_string_append_printf (valid, "%s'%s'", i > 0 ? ", " : "", klass->values[i].value_nick);
      g_set_error (error, HB_ERROR, HB_ERROR_INVALID_ARGUMENT,
                   "Invalid %s '%s'; valid values are %s", what, str ? str : "(null)", valid->str);
      g_type_class_unref (klass);
      return FALSE;
    }

  *value = ev->value;
  g_type_class_unref (klass);
  return TRUE;
}

const char *
hb_task_state_to_string (HbTaskState state)
{
  return enum_nick (HB_TYPE_TASK_STATE, state);
}

const char *
hb_mode_to_string (HbMode mode)
{
  return enum_nick (HB_TYPE_MODE, mode);
}

gboolean
hb_mode_from_string (const char  *str,
                     HbMode      *mode,
                     GError     **error)
{
  int value;

  if (!enum_from_nick (HB_TYPE_MODE, "mode", str, &value, error))
    return FALSE;
  *mode = value;
  return TRUE;
}

const char *
hb_job_status_to_string (HbJobStatus status)
{
  return enum_nick (HB_TYPE_JOB_STATUS, status);
}

const char *
hb_service_status_to_string (HbServiceStatus status)
{
  return enum_nick (HB_TYPE_SERVICE_STATUS, status);
}

gboolean
hb_service_status_from_string (const char       *str,
                               HbServiceStatus  *status,
                               GError          **error)
{
  int value;

  if (!enum_from_nick (HB_TYPE_SERVICE_STATUS, "service status", str, &value, error))
    return FALSE;
  *status = value;
  return TRUE;
}
