-- Argo CD health check for slatune.dev/SlaTuning (resource.customizations.health.slatune.dev_SlaTuning).
--
-- Reads status.phase (Pending, Running, Succeeded, Failed, Error), status.observedGeneration and
-- status.conditions (Ready, Progressing, SlaSatisfied, each with its own observedGeneration):
--   no status yet, or a status of an older generation  -> Progressing (the operator has not caught up)
--   Pending, Running                                   -> Progressing
--   Succeeded                                          -> Healthy   (the answer, and the gate held)
--   Failed (below spec.expect.minSatisfied)            -> Degraded
--   Error (invalid spec, unreachable target, ...)      -> Degraded
--   anything else                                      -> Unknown
-- Argo CD runs it in a sandbox with `obj` set to the resource; only base Lua is used.

local function condition(status, type)
  if status.conditions == nil then
    return nil
  end
  for _, c in ipairs(status.conditions) do
    if c.type == type then
      return c
    end
  end
  return nil
end

-- The first non-empty message of the named conditions, so the UI says why.
local function reason(status, ...)
  for _, type in ipairs({...}) do
    local c = condition(status, type)
    if c ~= nil and c.message ~= nil and c.message ~= "" then
      return c.message
    end
  end
  return nil
end

local hs = {}
local status = obj.status
local generation = (obj.metadata ~= nil and obj.metadata.generation) or 0

if status == nil or status.phase == nil then
  hs.status = "Progressing"
  hs.message = "Waiting for the slatune operator to pick up the SlaTuning"
  return hs
end

-- A status written for an older spec says nothing about the current one: a finished run of the
-- previous generation must not look Healthy (or Degraded) after a spec change.
if status.observedGeneration == nil or status.observedGeneration < generation then
  hs.status = "Progressing"
  hs.message = "Waiting for the operator to observe generation " .. tostring(math.floor(generation))
  return hs
end

local phase = status.phase
if phase == "Pending" or phase == "Running" then
  hs.status = "Progressing"
  local probes = 0
  if status.probes ~= nil then
    probes = #status.probes
  end
  hs.message = reason(status, "Progressing") or (phase .. ": " .. probes .. " pressure point(s) measured")
elseif phase == "Succeeded" then
  -- The search finished and spec.expect (if any) held. A rule group satisfied at no value still
  -- ends Succeeded (the answer is "none"); the message says so, and a gate uses expect.minSatisfied.
  hs.status = "Healthy"
  if status.result ~= nil and status.result ~= "" then
    hs.message = "Max satisfied: " .. status.result
  else
    hs.message = "Succeeded"
  end
  local sla = condition(status, "SlaSatisfied")
  if sla ~= nil and sla.status == "False" and sla.message ~= nil and sla.message ~= "" then
    hs.message = hs.message .. " (" .. sla.message .. ")"
  end
elseif phase == "Failed" then
  hs.status = "Degraded"
  hs.message = reason(status, "SlaSatisfied", "Ready") or "The capacity is below spec.expect.minSatisfied"
elseif phase == "Error" then
  hs.status = "Degraded"
  hs.message = reason(status, "Ready", "Progressing") or "The run could not be carried out"
else
  hs.status = "Unknown"
  hs.message = "Unknown phase " .. tostring(phase)
end
return hs
