package pics.aed.monitoring;

import pics.aed.testsupport.contract.ReadmePropertiesContract;

class MonitoringReadmePropertiesTest extends ReadmePropertiesContract {}
