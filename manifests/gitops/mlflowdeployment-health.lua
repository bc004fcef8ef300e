-- Argo CD health of an MlflowDeployment, from the conditions the operator writes.
-- Healthy: Ready True for the current generation.
-- Degraded: Synced False with reason InvalidSpec, ProjectNotManaged, UpgradeFailed, UpgradeRolledBack, or ending in Refused or NotOwned
-- (the user must act), or a component Degraded.
-- Progressing: no status yet, status for an older generation, or Ready False (e.g. ComponentsNotReady).
local hs = { status = "Progressing", message = "Waiting for the operator to reconcile" }

local function condition(conditions, kind)
  for _, c in ipairs(conditions or {}) do
    if c.type == kind then
      return c
    end
  end
  return nil
end

local status = obj.status
if status == nil or status.conditions == nil then
  return hs
end
if status.observedGeneration == nil or obj.metadata.generation == nil
    or status.observedGeneration < obj.metadata.generation then
  hs.message = "Waiting for the operator to reconcile the latest spec"
  return hs
end

local synced = condition(status.conditions, "Synced")
if synced ~= nil and synced.status == "False" and synced.reason ~= nil
    and (synced.reason == "InvalidSpec" or synced.reason == "ProjectNotManaged" or synced.reason == "UpgradeFailed"
      or synced.reason == "UpgradeRolledBack"
      or string.sub(synced.reason, -7) == "Refused" or string.sub(synced.reason, -8) == "NotOwned") then
  hs.status = "Degraded"
  hs.message = synced.reason .. ": " .. (synced.message or "")
  return hs
end

if status.components ~= nil then
  for _, name in ipairs({ "mlflow", "proxy", "storage" }) do
    local component = status.components[name]
    if component ~= nil and component.state == "Degraded" then
      hs.status = "Degraded"
      hs.message = name .. " is degraded: " .. (component.message or "")
      return hs
    end
  end
end

local ready = condition(status.conditions, "Ready")
if ready ~= nil and ready.status == "True" then
  hs.status = "Healthy"
  hs.message = status.url or (ready.message or "Ready")
  return hs
end
if ready ~= nil then
  hs.message = (ready.reason or "NotReady") .. ": " .. (ready.message or "")
end
return hs
