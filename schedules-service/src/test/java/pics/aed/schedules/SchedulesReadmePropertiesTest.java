package pics.aed.schedules;

import pics.aed.testsupport.contract.ReadmePropertiesContract;

class SchedulesReadmePropertiesTest extends ReadmePropertiesContract {}
