-- The live stream now takes a device's region from the service's device view (devices, kept from aed.devices.v1 for
-- readiness) instead of a second copy of the same changelog.
DROP TABLE live_device_regions;
