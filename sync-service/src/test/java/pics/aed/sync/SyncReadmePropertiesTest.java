package pics.aed.sync;

import pics.aed.testsupport.contract.ReadmePropertiesContract;

class SyncReadmePropertiesTest extends ReadmePropertiesContract {}
